package dev.wvo.cli;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 21, defect 21: a command stopped while it waits for a lock leaves no waiter entry behind. */
@Tag("process")
class InterruptedWaiterProcessTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void taskAddStoppedWhileWaitingForTheRoadmap_withdrawsItsWaiterEntry(String signal) throws Exception {
        Path state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        try (FileLockManager holder = FileLockManager.builder(state.resolve("locks")).owner("holder")
                .releaseOnShutdown(false).build()) {
            LockHandle held = holder.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow();
            CliProcess waiting = CliProcess.start(dir, "waiting", Map.of(), "--state", state.toString(),
                    "task", "add", "T1", "--title", "waits");
            await().atMost(Duration.ofSeconds(30)).until(() -> !holder.inspect("roadmap").orElseThrow().waiting().isEmpty());

            assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(waiting.process.pid())).start().waitFor()).isZero();

            assertThat(waiting.exitCode()).isEqualTo(ExitCodes.SIGNAL_BASE + (signal.equals("INT") ? 2 : 15));
            LockInfo lock = holder.inspect("roadmap").orElseThrow();
            assertThat(lock.waiting()).as("no dead waiter is left in the record").isEmpty();
            assertThat(lock.holders()).extracting(h -> h.token()).containsExactly(held.token());
        }
    }
}
