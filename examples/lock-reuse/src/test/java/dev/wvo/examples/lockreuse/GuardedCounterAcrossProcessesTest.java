package dev.wvo.examples.lockreuse;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two real JVMs increment one counter under the lock: no update is lost, tokens never go back. */
class GuardedCounterAcrossProcessesTest {

    private static final int INCREMENTS = 200;

    @TempDir
    Path dir;

    @Test
    void twoProcesses_incrementingUnderTheLock_loseNoUpdate() throws Exception {
        Path locks = dir.resolve("locks");
        Path counterFile = dir.resolve("counter");
        List<Process> processes = new ArrayList<>();
        try (FileLockManager starter = FileLockManager.builder(locks).owner("test").releaseOnShutdown(false).build()) {
            // Hold the lock until both processes wait for it, so that they start contending at the same moment.
            LockHandle gate = starter.tryAcquire(GuardedCounter.RESOURCE, LockMode.EXCLUSIVE).orElseThrow();
            processes.add(start(locks, counterFile, "a"));
            processes.add(start(locks, counterFile, "b"));
            await().atMost(Duration.ofMinutes(1)).until(() -> waiters(starter) == 2);
            assertThat(gate.token()).isEqualTo(1);
            assertThat(gate.release()).isTrue();

            for (Process p : processes) {
                assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("process %d finished", p.pid()).isTrue();
            }
        } finally {
            processes.forEach(Process::destroyForcibly);
        }

        for (String name : List.of("a", "b")) {
            assertThat(processes.get(name.equals("a") ? 0 : 1).exitValue())
                    .as("exit code of %s; stderr: %s", name, Files.readString(dir.resolve(name + ".err"))).isZero();
            assertThat(Files.readString(dir.resolve(name + ".out")))
                    .containsPattern("^pid \\d+: " + INCREMENTS + " increments, last token \\d+, counter \\d+\\s*$");
        }
        // Every increment is a read-modify-write: any overlap would have lost an update. The test's own
        // acquisition took token 1, the 400 increments took tokens 2..401, each exactly once.
        assertThat(new FencedCounterFile(counterFile).read())
                .isEqualTo(new FencedCounterFile.State(2L * INCREMENTS, 2L * INCREMENTS + 1));
        try (FileLockManager after = FileLockManager.builder(locks).releaseOnShutdown(false).build()) {
            assertThat(after.inspect()).isEmpty();
        }
    }

    private static int waiters(FileLockManager locks) {
        return locks.inspect(GuardedCounter.RESOURCE).map(LockInfo::waiting).map(List::size).orElse(0);
    }

    private Process start(Path locks, Path counterFile, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GuardedCounter.class.getName(), locks.toString(), counterFile.toString(), String.valueOf(INCREMENTS))
                .redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile())
                .start();
    }
}
