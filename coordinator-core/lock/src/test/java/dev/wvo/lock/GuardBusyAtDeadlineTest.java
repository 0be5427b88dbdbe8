package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A timed acquire that waited for a held lock, and whose deadline comes while another process is
 * inside a step on that lock, ends as a timeout (the lock was not free in time), not as a stopped
 * process holding the guard (W3): on a loaded machine a step descheduled for a moment is common,
 * and a worker took that moment for a stuck process and ended (4.2, step 3).
 */
class GuardBusyAtDeadlineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private SimulatedProcesses sim;

    @BeforeEach
    void setUp() {
        sim = new SimulatedProcesses(dir.resolve("locks"));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void aGuardBusyOnlyAtTheEndOfAWaitForAHeldLock_endsItAsATimeout() throws Exception {
        LockHandle held = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        FileLockManager b = sim.process("b", 102);
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> waiter = CompletableFuture.runAsync(() -> {
            try {
                waiting.countDown();
                b.acquire("res", LockMode.EXCLUSIVE, Duration.ofSeconds(1)).release();
            } catch (LockTimeoutException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        FileLockManager viewer = sim.process("viewer", 199);
        await().atMost(PATIENCE).until(() -> viewer.inspect("res").map(i -> !i.waiting().isEmpty()).orElse(false));

        // another process's step on the lock, paused until the waiter is done: its guard stays taken
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch inStep = new CountDownLatch(1);
        Path guard = dir.resolve("locks").toRealPath().resolve("res.guard");
        CompletableFuture<Void> step = CompletableFuture.runAsync(() -> {
            try {
                ResourceGuard.withGuard(guard, ResourceGuard.FOREVER, channel -> {
                    inStep.countDown();
                    try {
                        done.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                }, holder -> new GuardBusyException("res", "not expected: " + holder));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        inStep.await();
        try {
            assertThat(waiter).failsWithin(PATIENCE).withThrowableOfType(ExecutionException.class)
                    .havingCause().isInstanceOf(IllegalStateException.class)
                    .havingCause().isInstanceOf(LockTimeoutException.class);
        } finally {
            done.countDown();
            step.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
        held.release();
    }
}
