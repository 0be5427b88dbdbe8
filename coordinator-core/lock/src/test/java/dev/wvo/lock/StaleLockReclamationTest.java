package dev.wvo.lock;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

class StaleLockReclamationTest {

    @TempDir
    Path dir;
    private SimulatedProcesses sim;

    @BeforeEach
    void setUp() {
        sim = new SimulatedProcesses(dir.resolve("locks"));
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void deadLocalHolder_isReclaimedAtTheNextAttempt_withALargerToken() {
        LockHandle old = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.dead.add(101L);
        LockHandle next = sim.process("b", 102).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(next.token()).isGreaterThan(old.token());
    }

    @Test
    void liveHolder_isNeverReclaimed_whateverItsAge_whileItRenews() {
        FileLockManager a = sim.process("a", 101);
        a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        FileLockManager b = sim.process("b", 102);
        for (int i = 0; i < 10; i++) {
            sim.clock.advance(Duration.ofSeconds(20));
            a.renewAll();
            assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
        }
    }

    @Test
    void expiredLease_isReclaimed_evenIfThePidLives() {
        LockHandle old = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        FileLockManager b = sim.process("b", 102);
        sim.clock.advance(Duration.ofSeconds(29));
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
        sim.clock.advance(Duration.ofSeconds(2));
        assertThat(old.isValid()).as("the holder knows its lease ran out").isFalse();
        assertThat(b.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void holderOnAnotherHost_isJudgedByLeaseOnly_neverByPid() {
        HostIdentity other = new HostIdentity("host-b", "boot-9", "machine-b", "pid:[1]");
        sim.process("remote", 101, other).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.dead.add(101L); // a pid 101 that is dead here says nothing of host-b
        FileLockManager local = sim.process("local", 102);
        assertThat(local.tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
        sim.clock.advance(Duration.ofSeconds(31));
        assertThat(local.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void anotherMachineWithTheSameHostName_isNotTakenForARebootOfThisOne() {
        HostIdentity twin = new HostIdentity("host-a", "boot-2", "machine-twin", "pid:[1]");
        sim.process("twin", 101, twin).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(sim.process("local", 102).tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
    }

    @Test
    void holderFromAnEarlierBootOfThisMachine_isReclaimedAtOnce() {
        HostIdentity before = new HostIdentity("host-a", "boot-0", "machine-a", "pid:[1]");
        sim.process("old", 101, before).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(sim.process("local", 102).tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void holderInAnotherPidNamespace_isNotCheckedByPid() {
        HostIdentity container = new HostIdentity("host-a", "boot-1", "machine-a", "pid:[2]");
        sim.process("container", 101, container).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.dead.add(101L);
        assertThat(sim.process("local", 102).tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
    }

    /** Race (a): several processes judge the same dead holder stale at once; exactly one takes the lock. */
    @RepeatedTest(20)
    void concurrentReclaimers_exactlyOneWins_andNobodyDeletesTheWinnersLock() throws Exception {
        sim.process("dead", 100).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.dead.add(100L);
        int n = 4;
        List<LockHandle> winners = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            FileLockManager m = sim.process("r" + i, 200 + i);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    m.tryAcquire("res", LockMode.EXCLUSIVE).ifPresent(winners::add);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(winners).hasSize(1);
        LockInfo info = sim.process("viewer", 300).inspect("res").orElseThrow();
        assertThat(info.holders()).extracting(HolderInfo::token).containsExactly(winners.get(0).token());
    }

    /** Race (b): a paused holder whose lease expired and whose lock was re-taken releases late. */
    @Test
    void pausedHolder_releasingAfterItsLockWasRetaken_leavesTheNewHolderAlone() {
        FileLockManager paused = sim.process("paused", 101);
        LockHandle old = paused.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.clock.advance(Duration.ofSeconds(31));
        LockHandle fresh = sim.process("fresh", 102).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(old.isValid()).isFalse();
        assertThat(old.release()).isFalse();
        paused.renewAll();
        Optional<LockInfo> info = sim.process("viewer", 103).inspect("res");
        assertThat(info.orElseThrow().holders()).extracting(HolderInfo::token).containsExactly(fresh.token());
        assertThat(fresh.isValid()).isTrue();
    }

    @Test
    void expiredHandle_isNotRevivedByALateRenewal() {
        FileLockManager a = sim.process("a", 101);
        LockHandle h = a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.clock.advance(Duration.ofSeconds(31));
        a.renewAll();
        assertThat(h.isValid()).isFalse();
        assertThat(sim.process("b", 102).tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void inspect_marksStaleHoldersWithTheReason() {
        sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        sim.dead.add(101L);
        LockInfo info = sim.process("viewer", 102).inspect("res").orElseThrow();
        assertThat(info.isStale()).isTrue();
        assertThat(info.holders().get(0).staleness()).isEqualTo(Liveness.PROCESS_DEAD);
        assertThat(sim.process("admin", 103).breakLock("res", false).outcome()).isEqualTo(BreakResult.Outcome.BROKEN);
    }

    /**
     * A holder that dies without a word changes no file: a waiter between attempts looks at the
     * holder's process when its pause ends (without a full attempt while it lives), and takes the
     * lock once the process is gone.
     */
    @Test
    void waiter_takesOverAHolderThatDiesSilently() throws Exception {
        LockHandle old = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        FileLockManager waiter = sim.process("b", 102);
        java.util.concurrent.CompletableFuture<LockHandle> taken = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return waiter.acquire("res", LockMode.EXCLUSIVE, Duration.ofMinutes(1));
            } catch (LockTimeoutException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        FileLockManager viewer = sim.process("viewer", 103);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> viewer.inspect("res").map(i -> !i.waiting().isEmpty()).orElse(false));
        sim.dead.add(101L);
        LockHandle next = taken.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(next.token()).isGreaterThan(old.token());
    }
}
