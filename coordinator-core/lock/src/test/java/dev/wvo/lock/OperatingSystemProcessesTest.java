package dev.wvo.lock;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The kept process handles give the verdicts a fresh look at the process would, at most a few milliseconds late. */
class OperatingSystemProcessesTest {

    private final ProcessLiveness processes = ProcessLiveness.operatingSystem();

    @Test
    void aProcessJudgedAliveIsDeadOnceItExits() throws Exception {
        Process child = new ProcessBuilder("sleep", "600").start();
        try {
            Instant started = child.toHandle().info().startInstant().orElseThrow();
            assertThat(processes.isAlive(child.pid(), started)).isTrue();
            assertThat(processes.isAlive(child.pid(), started)).as("judged again through the kept handle").isTrue();
            child.destroy();
            child.waitFor();
            // an "alive" stands for a few milliseconds; then the exit is seen
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> !processes.isAlive(child.pid(), started));
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aRunningPidWithAnotherStartTimeIsAnotherProcess() {
        ProcessHandle self = ProcessHandle.current();
        Instant started = self.info().startInstant().orElseThrow();
        assertThat(processes.isAlive(self.pid(), started)).isTrue();
        assertThat(processes.isAlive(self.pid(), started.minusSeconds(5))).isFalse();
        assertThat(processes.isAlive(self.pid(), started)).isTrue();
    }
}
