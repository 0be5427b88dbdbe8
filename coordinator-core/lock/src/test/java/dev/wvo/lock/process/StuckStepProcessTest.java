package dev.wvo.lock.process;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.GuardBusyException;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A process that stops in the middle of a step on a lock keeps the lock's guard (W3 of
 * docs/lock-protocol.md): an {@code acquire} with a timeout still ends at its timeout, and says
 * which process holds the guard, instead of waiting for it without end.
 */
@Tag("process")
class StuckStepProcessTest {

    @TempDir
    Path dir;

    @Test
    void aGuardHeldByAnotherProcess_endsATimedAcquireAtItsTimeout_namingThatProcess() throws Exception {
        Path locks = dir.resolve("locks");
        try (FileLockManager manager = FileLockManager.builder(locks).releaseOnShutdown(false).build()) {
            manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow().release(); // the guard file exists
            Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), GuardHolder.class.getName(),
                    locks.toRealPath().resolve("res.guard").toString()).start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("held");

                long started = System.nanoTime();
                assertThatThrownBy(() -> manager.acquire("res", LockMode.EXCLUSIVE, Duration.ofMillis(500)))
                        .isInstanceOf(GuardBusyException.class)
                        .hasMessageContaining("Lock 'res': its guard")
                        .hasMessageContaining("pid " + holder.pid())
                        .hasMessageContaining("Nothing was changed");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            } finally {
                holder.getOutputStream().close();
                holder.waitFor();
            }
            assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).as("free again once it went on").isPresent();
            assertThat(Files.exists(locks.resolve("res.lock"))).isTrue();
        }
    }
}
