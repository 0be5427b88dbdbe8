package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The lock contract, run unchanged against every backend. A backend's test extends this class
 * and says how to make a manager that plays one more independent process. Only the
 * {@link LockManager} and {@link LockHandle} interfaces are used here.
 */
public abstract class LockManagerContract {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private final List<LockManager> managers = new ArrayList<>();

    /** A new manager that behaves as a separate process sharing the same lock store. */
    protected abstract LockManager newProcess(String owner);

    protected final LockManager process(String owner) {
        LockManager m = newProcess(owner);
        managers.add(m);
        return m;
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(LockManager::close);
    }

    @Test
    void exclusive_heldByOne_excludesAnother() {
        LockManager a = process("a");
        LockManager b = process("b");
        Optional<LockHandle> first = a.tryAcquire("res", LockMode.EXCLUSIVE);
        assertThat(first).isPresent();
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
        assertThat(b.tryAcquire("res", LockMode.SHARED)).isEmpty();
        first.get().release();
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void shared_holdersCoexist_andExcludeExclusive() {
        LockManager a = process("a");
        LockManager b = process("b");
        LockManager c = process("c");
        LockHandle s1 = a.tryAcquire("docs", LockMode.SHARED).orElseThrow();
        LockHandle s2 = b.tryAcquire("docs", LockMode.SHARED).orElseThrow();
        assertThat(c.tryAcquire("docs", LockMode.EXCLUSIVE)).isEmpty();
        s1.release();
        assertThat(c.tryAcquire("docs", LockMode.EXCLUSIVE)).as("one shared holder remains").isEmpty();
        s2.release();
        assertThat(c.tryAcquire("docs", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void differentResources_areIndependent() {
        LockManager a = process("a");
        LockManager b = process("b");
        assertThat(a.tryAcquire("src/app/Login.tsx", LockMode.EXCLUSIVE)).isPresent();
        assertThat(b.tryAcquire("src/app/Logout.tsx", LockMode.EXCLUSIVE)).isPresent();
        assertThat(b.tryAcquire("__global__", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void exclusiveWaiter_waitsForSharedToDrain_andIsNotOvertakenByNewShared() throws Exception {
        LockManager readerA = process("reader-a");
        LockManager writer = process("writer");
        LockManager readerB = process("reader-b");
        LockHandle shared = readerA.tryAcquire("data", LockMode.SHARED).orElseThrow();
        CompletableFuture<LockHandle> exclusive = CompletableFuture.supplyAsync(() -> {
            try {
                return writer.acquire("data", LockMode.EXCLUSIVE, PATIENCE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // once the writer waits, a new shared request must not get in ahead of it
        await().atMost(PATIENCE).until(() -> readerA.inspect("data").map(i -> !i.waiting().isEmpty()).orElse(false)
                || exclusive.isDone());
        assertThat(readerB.tryAcquire("data", LockMode.SHARED)).as("writer preference").isEmpty();
        assertThat(exclusive).isNotDone();
        shared.release();
        LockHandle got = exclusive.get(30, TimeUnit.SECONDS);
        assertThat(got.mode()).isEqualTo(LockMode.EXCLUSIVE);
        got.release();
        assertThat(readerB.tryAcquire("data", LockMode.SHARED)).isPresent();
    }

    @Test
    void timedAcquire_whenHeld_timesOutNamingHolder() {
        LockManager a = process("holder-a");
        LockManager b = process("b");
        a.tryAcquire("busy", LockMode.EXCLUSIVE).orElseThrow();
        assertThatThrownBy(() -> b.acquire("busy", LockMode.EXCLUSIVE, Duration.ofMillis(50)))
                .isInstanceOf(LockTimeoutException.class)
                .hasMessageContaining("holder-a")
                .satisfies(e -> assertThat(((LockTimeoutException) e).resource()).isEqualTo("busy"));
    }

    @Test
    void interruptedWaiter_throws_andLeavesNothingHeldOrWaiting() throws Exception {
        LockManager a = process("a");
        LockManager b = process("b");
        LockHandle held = a.tryAcquire("slow", LockMode.EXCLUSIVE).orElseThrow();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                b.acquire("slow", LockMode.EXCLUSIVE);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        waiter.start();
        await().atMost(PATIENCE).until(() -> a.inspect("slow").map(i -> !i.waiting().isEmpty()).orElse(false)
                || waiter.getState() == Thread.State.TIMED_WAITING || waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        waiter.join(PATIENCE.toMillis());
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        held.release();
        await().atMost(PATIENCE).until(() -> a.inspect("slow").isEmpty());
    }

    @Test
    void tryAcquire_isEmptyWhenHeld_andTokensStrictlyIncreaseAcrossProcesses() {
        LockManager a = process("a");
        LockManager b = process("b");
        long last = 0;
        for (int i = 0; i < 6; i++) {
            LockManager m = i % 2 == 0 ? a : b;
            LockHandle h = m.tryAcquire("counter", LockMode.EXCLUSIVE).orElseThrow();
            assertThat((i % 2 == 0 ? b : a).tryAcquire("counter", LockMode.EXCLUSIVE)).isEmpty();
            assertThat(h.token()).isGreaterThan(last);
            last = h.token();
            h.release();
        }
    }

    @Test
    void sharedHolders_eachGetTheirOwnIncreasingToken() {
        LockHandle s1 = process("a").tryAcquire("r", LockMode.SHARED).orElseThrow();
        LockHandle s2 = process("b").tryAcquire("r", LockMode.SHARED).orElseThrow();
        assertThat(s2.token()).isGreaterThan(s1.token());
    }

    @Test
    void release_isOnlyByTheOwner_twiceIsANoOp() {
        LockManager a = process("a");
        LockHandle h = a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(h.isValid()).isTrue();
        assertThat(h.release()).isTrue();
        assertThat(h.isValid()).isFalse();
        assertThat(h.release()).isFalse();
        LockHandle next = process("b").tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(h.release()).as("an old handle never releases a newer holder").isFalse();
        assertThat(next.isValid()).isTrue();
    }

    @Test
    void forcedBreak_thenNewHolder_oldHandleLosesAndCannotRemoveTheNewLock() {
        LockManager a = process("a");
        LockManager admin = process("admin");
        LockManager b = process("b");
        LockHandle old = a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(admin.breakLock("res", false).outcome()).isEqualTo(BreakResult.Outcome.REFUSED_LIVE_HOLDER);
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).as("a refused break changes nothing").isEmpty();
        BreakResult broken = admin.breakLock("res", true);
        assertThat(broken.outcome()).isEqualTo(BreakResult.Outcome.BROKEN);
        assertThat(broken.holders()).extracting(HolderInfo::owner).containsExactly("a");
        LockHandle fresh = b.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(fresh.token()).isGreaterThan(old.token());
        assertThat(old.release()).isFalse();
        assertThat(fresh.isValid()).isTrue();
        assertThat(admin.inspect("res").orElseThrow().holders()).extracting(HolderInfo::owner).containsExactly("b");
        assertThat(admin.breakLock("nothing-here", false).outcome()).isEqualTo(BreakResult.Outcome.NOT_HELD);
    }

    @Test
    void confirm_isTrueWhileHeld_andFalseForGoodOnceReleased() {
        LockHandle h = process("a").tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(h.confirm()).isTrue();
        assertThat(h.confirm()).as("asking twice changes nothing").isTrue();
        h.release();
        assertThat(h.confirm()).isFalse();
    }

    @Test
    void confirm_afterAForcedBreak_isFalseAtOnce_evenBeforeTheHandleNoticed() {
        LockManager a = process("a");
        LockManager admin = process("admin");
        LockHandle old = a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(admin.breakLock("res", true).outcome()).isEqualTo(BreakResult.Outcome.BROKEN);
        LockHandle fresh = process("b").tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        // isValid() may still say true here (until the next renewal, or the watch firing): the
        // store's own answer may not
        assertThat(old.confirm()).isFalse();
        assertThat(old.isValid()).as("a false confirmation is final").isFalse();
        assertThat(fresh.confirm()).isTrue();
        assertThat(old.release()).isFalse();
        assertThat(fresh.confirm()).as("the late release left the new holder alone").isTrue();
    }

    @Test
    void inspect_listsHoldersWithOwnerMetadata() {
        LockManager a = process("worker1");
        LockHandle h = a.tryAcquire("task:T1.2", LockMode.EXCLUSIVE).orElseThrow();
        process("worker2").tryAcquire("src/app/Login.tsx", LockMode.SHARED).orElseThrow();
        List<LockInfo> all = process("viewer").inspect();
        assertThat(all).extracting(LockInfo::resource).contains("task:T1.2", "src/app/Login.tsx");
        LockInfo info = all.stream().filter(i -> i.resource().equals("task:T1.2")).findFirst().orElseThrow();
        assertThat(info.mode()).isEqualTo(LockMode.EXCLUSIVE);
        HolderInfo holder = info.holders().get(0);
        assertThat(holder.owner()).isEqualTo("worker1");
        assertThat(holder.token()).isEqualTo(h.token());
        assertThat(holder.process().pid()).isPositive();
        assertThat(holder.isStale()).isFalse();
        assertThat(info.isStale()).isFalse();
    }

    @Test
    void releasedLock_wakesAWaiterPromptly() throws Exception {
        LockManager a = process("a");
        LockManager b = process("b");
        LockHandle held = a.tryAcquire("handoff", LockMode.EXCLUSIVE).orElseThrow();
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<LockHandle> next = CompletableFuture.supplyAsync(() -> {
            waiting.countDown();
            try {
                return b.acquire("handoff", LockMode.EXCLUSIVE, PATIENCE);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waiting.await();
        held.release();
        assertThat(next.get(PATIENCE.toSeconds(), TimeUnit.SECONDS).isValid()).isTrue();
    }

    @Test
    void manyThreadsAndManagers_neverOverlapInsideAnExclusiveLock() throws Exception {
        int threads = 6;
        int rounds = 40;
        List<LockManager> procs = List.of(process("p1"), process("p2"), process("p3"));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            LockManager m = procs.get(t % procs.size());
            done.add(pool.submit(() -> {
                for (int i = 0; i < rounds; i++) {
                    try (LockHandle h = m.acquire("hot", LockMode.EXCLUSIVE, PATIENCE)) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.add("two inside at once, token " + h.token());
                        }
                        entries.incrementAndGet();
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(overlaps).isEmpty();
        assertThat(entries.get()).isEqualTo(threads * rounds);
    }

    @Test
    void closingAManager_releasesWhatItHolds() {
        LockManager a = newProcess("a");
        a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        a.close();
        assertThat(process("b").tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }
}
