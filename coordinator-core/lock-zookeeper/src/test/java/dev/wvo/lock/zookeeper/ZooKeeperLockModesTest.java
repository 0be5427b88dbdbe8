package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exclusive and shared modes on ZooKeeper: the compatibility matrix, writer preference, waiting,
 * interruption, release by the owner only, and many threads on one session.
 */
class ZooKeeperLockModesTest {

    private static TestingServer server;

    private final String root = "/modes-" + UUID.randomUUID();
    private final List<LockManager> managers = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeAll
    static void startServer(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeAll() {
        pool.shutdownNow();
        managers.forEach(LockManager::close);
    }

    private LockManager process(String owner) {
        LockManager m = ZooKeeperLockManager.builder(server.getConnectString()).root(root).owner(owner).build();
        managers.add(m);
        return m;
    }

    @Test
    void shared_heldByMany_excludesExclusiveOnly() {
        LockManager a = process("a");
        LockManager b = process("b");
        LockManager c = process("c");
        LockHandle sa = a.tryAcquire("r", LockMode.SHARED).orElseThrow();
        LockHandle sb = b.tryAcquire("r", LockMode.SHARED).orElseThrow();

        assertThat(c.tryAcquire("r", LockMode.EXCLUSIVE)).isEmpty();
        assertThat(sb.token()).isGreaterThan(sa.token());
        sa.release();
        assertThat(c.tryAcquire("r", LockMode.EXCLUSIVE)).isEmpty();
        sb.release();
        assertThat(c.tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void exclusive_sameManagerAgain_isNotReentrant() {
        LockManager a = process("a");
        LockHandle first = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

        assertThat(a.tryAcquire("r", LockMode.EXCLUSIVE)).isEmpty();
        assertThat(a.tryAcquire("r", LockMode.SHARED)).isEmpty();
        assertThat(first.isValid()).isTrue();
    }

    @Test
    void waitingExclusive_keepsNewSharedOut_andGetsTheLockNext() throws Exception {
        LockManager reader = process("reader");
        LockManager writer = process("writer");
        LockManager late = process("late-reader");
        LockHandle shared = reader.tryAcquire("r", LockMode.SHARED).orElseThrow();
        Future<LockHandle> exclusive = pool.submit(() -> writer.acquire("r", LockMode.EXCLUSIVE, Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> reader.inspect("r").map(i -> i.waiting().size()).orElse(0) == 1);

        assertThat(late.tryAcquire("r", LockMode.SHARED)).as("a shared request never overtakes a waiting writer").isEmpty();
        LockInfo info = reader.inspect("r").orElseThrow();
        assertThat(info.mode()).isEqualTo(LockMode.SHARED);
        assertThat(info.waiting()).extracting(LockInfo.WaiterInfo::owner).containsExactly("writer");

        shared.release();
        LockHandle taken = exclusive.get(10, TimeUnit.SECONDS);
        assertThat(taken.token()).isGreaterThan(shared.token());
        assertThat(late.tryAcquire("r", LockMode.SHARED)).isEmpty();
        taken.release();
        assertThat(late.tryAcquire("r", LockMode.SHARED)).isPresent();
    }

    @Test
    void timedAcquire_wakesWhenHolderReleases() throws Exception {
        LockManager a = process("a");
        LockManager b = process("b");
        LockHandle held = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
        Future<LockHandle> waiting = pool.submit(() -> b.acquire("r", LockMode.EXCLUSIVE, Duration.ofMinutes(1)));
        await().atMost(Duration.ofSeconds(10)).until(() -> a.inspect("r").map(i -> i.waiting().size()).orElse(0) == 1);

        held.release();

        LockHandle next = waiting.get(10, TimeUnit.SECONDS);
        assertThat(next.isValid()).isTrue();
        assertThat(next.token()).isGreaterThan(held.token());
    }

    @Test
    void interruptedWaiter_throwsAndLeavesNothingHeld() throws Exception {
        LockManager a = process("a");
        LockManager b = process("b");
        LockHandle held = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                b.acquire("r", LockMode.EXCLUSIVE);
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        t.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.inspect("r").map(i -> i.waiting().size()).orElse(0) == 1);

        t.interrupt();

        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> a.inspect("r").orElseThrow().waiting().isEmpty());
        held.release();
        assertThat(a.inspect("r")).isEmpty();
        assertThat(process("c").tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void release_twice_secondIsNoOp() {
        LockManager a = process("a");
        LockManager b = process("b");
        LockHandle h = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

        assertThat(h.release()).isTrue();
        assertThat(h.isValid()).isFalse();
        LockHandle other = b.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(h.release()).isFalse();
        assertThat(other.isValid()).isTrue();
        assertThat(a.inspect("r").orElseThrow().holders()).extracting(h2 -> h2.owner()).containsExactly("b");
    }

    @Test
    void release_fromAnotherThread_releases() throws Exception {
        LockManager a = process("a");
        LockHandle h = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

        assertThat(pool.submit(h::release).get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process("b").tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void manyThreads_twoSessions_neverOverlap_andTokensIncrease() throws Exception {
        List<LockManager> sessions = List.of(process("s1"), process("s2"));
        int threads = 6;
        int rounds = 15;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicLong lastToken = new AtomicLong();
        AtomicInteger tokenRegressions = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LockManager m = sessions.get(t % sessions.size());
            futures.add(pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    try (LockHandle h = m.acquire("counter", LockMode.EXCLUSIVE, Duration.ofMinutes(1))) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        if (h.token() <= lastToken.getAndSet(h.token())) {
                            tokenRegressions.incrementAndGet();
                        }
                        done.incrementAndGet();
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }

        assertThat(done).hasValue(threads * rounds);
        assertThat(overlaps).hasValue(0);
        assertThat(tokenRegressions).hasValue(0);
        assertThat(sessions.get(0).inspect("counter")).isEmpty();
    }

    @Test
    void tryAcquire_onFreeLock_isImmediate_andNamesNoOneElse() {
        LockManager a = process("a");

        Optional<LockHandle> h = a.tryAcquire("__global__", LockMode.EXCLUSIVE);

        assertThat(h).isPresent();
        assertThat(h.get().resource()).isEqualTo("__global__");
        assertThat(h.get().mode()).isEqualTo(LockMode.EXCLUSIVE);
        assertThat(a.inspect()).singleElement().satisfies(info -> {
            assertThat(info.resource()).isEqualTo("__global__");
            assertThat(info.holders()).extracting(x -> x.owner()).containsExactly("a");
        });
    }
}
