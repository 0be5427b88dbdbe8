package dev.wvo.lock.process;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The file lock's reclaim across real JVMs: holders SIGKILLed at any moment, inside their critical
 * section or not, are reclaimed exactly once, without two processes inside at once and without
 * losing a logged increment (the counter, witness and logs of {@link CrossProcessExclusionTest}).
 * A class of its own so that the build's two test JVMs share the lock module's longest tests.
 */
@Tag("process")
class CrossProcessReclaimTest {

    /** Long enough that a busy machine never expires a live holder's lease; kills are found by pid. */
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path root;

    @Test
    void holdersKilledAtRandomMoments_neverOverlapAndLoseNoLoggedIncrement() throws Exception {
        int slots = 4;
        int quota = 100;
        int plannedKills = 20;
        Random random = new Random(20261122L);
        try (IncrementerFleet fleet = new IncrementerFleet(root, LEASE)) {
            for (int i = 0; i < slots; i++) {
                fleet.start("w" + i, quota);
            }

            while (fleet.kills() < plannedKills) {
                IncrementerFleet.Target target = random.nextBoolean()
                        ? IncrementerFleet.Target.HOLDER : IncrementerFleet.Target.ANY_WORKER;
                if (fleet.killAtRandom(random, 6, target, PATIENCE).isEmpty()
                        && fleet.slots().stream().noneMatch(IncrementerFleet.Slot::isRunning)) {
                    break;
                }
            }

            assertThat(fleet.awaitAllExited(PATIENCE)).isEmpty();
            IncrementerLogs logs = fleet.logs();
            long total = (long) slots * quota;
            assertThat(fleet.kills()).isEqualTo(plannedKills);
            assertThat(fleet.failures()).isEmpty();
            assertThat(logs.orderViolations()).isEmpty();
            assertThat(logs.notCoveredBy(fleet.counter())).isEmpty();
            assertThat(logs.doneCount()).isEqualTo(total);
            // a process killed after its write but before its log line counts once, unlogged
            assertThat(fleet.counter().count()).isBetween(total, total + fleet.kills());
            fleet.cleanLockLeftovers();
            assertThat(fleet.lockIsFree()).isTrue();
        }
    }

    @ParameterizedTest(name = "round {0}")
    @ValueSource(ints = {1, 2, 3})
    void holderKilledInsideWhileFourWait_isReclaimedExactlyOnceWithoutOverlap(int round) throws Exception {
        try (IncrementerFleet fleet = new IncrementerFleet(root, LEASE);
             FileLockManager observer = FileLockManager.builder(fleet.lockDir()).releaseOnShutdown(false).build()) {
            IncrementerFleet.Slot holder = fleet.startHolding("holder");
            await().atMost(PATIENCE).until(() -> fleet.pidInside().filter(pid -> pid == holder.pid()).isPresent());
            for (int i = 0; i < 4; i++) {
                fleet.start("w" + i, 10);
            }
            await().atMost(PATIENCE).until(() -> observer.inspect(CounterIncrementer.RESOURCE)
                    .map(LockInfo::waiting).map(List::size).orElse(0) == 4);

            long holderPid = holder.pid();
            fleet.kill(holder);

            assertThat(fleet.awaitAllExited(PATIENCE)).isEmpty();
            IncrementerLogs logs = fleet.logs();
            assertThat(fleet.failures()).isEmpty();
            assertThat(logs.takeovers()).containsExactly(holderPid);
            assertThat(logs.reclaims()).containsExactly(holderPid + " PROCESS_DEAD");
            assertThat(fleet.counter().count()).isEqualTo(40);
            assertThat(logs.doneCount()).isEqualTo(40);
            assertThat(logs.orderViolations()).isEmpty();
            assertThat(logs.notCoveredBy(fleet.counter())).isEmpty();
        }
    }
}
