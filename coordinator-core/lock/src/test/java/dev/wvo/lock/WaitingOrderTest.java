package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Waiting exclusive requests take the lock in the order they started waiting. */
class WaitingOrderTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private SimulatedProcesses sim;
    private final List<String> order = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        sim = new SimulatedProcesses(dir.resolve("locks"));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void waitersTakeTheLockInTheOrderTheyCame() throws Exception {
        LockHandle first = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Void> b = takeOnce(sim.process("b", 102), "b");
        awaitWaiters(1);
        CompletableFuture<Void> c = takeOnce(sim.process("c", 103), "c");
        awaitWaiters(2);
        first.release();
        CompletableFuture.allOf(b, c).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(order).containsExactly("b", "c");
    }

    /** Without the queue, a process that releases and asks again at once would win every time. */
    @Test
    void aHolderThatAsksAgainRightAfterItsReleaseQueuesBehindTheWaiters() throws Exception {
        FileLockManager a = sim.process("a", 101);
        LockHandle first = a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Void> b = takeOnce(sim.process("b", 102), "b");
        awaitWaiters(1);
        first.release();
        try (LockHandle again = a.acquire("res", LockMode.EXCLUSIVE, PATIENCE)) {
            order.add("a");
        }
        b.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(order).containsExactly("b", "a");
    }

    private CompletableFuture<Void> takeOnce(FileLockManager manager, String name) {
        return CompletableFuture.runAsync(() -> {
            try (LockHandle lock = manager.acquire("res", LockMode.EXCLUSIVE, PATIENCE)) {
                order.add(name);
            } catch (LockTimeoutException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void awaitWaiters(int count) {
        FileLockManager viewer = sim.process("viewer", 199);
        await().atMost(PATIENCE).until(() -> viewer.inspect("res").map(i -> i.waiting().size() == count).orElse(false));
    }
}
