package dev.wvo.lock.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long run of {@link CrossProcessReclaimTest}: eight JVMs increment the counter under the
 * lock for minutes while the test SIGKILLs one of them at a random moment over and over and
 * starts a replacement. Figures go to {@code docs/reliability.md}.
 *
 * <p>System properties: {@code wvo.stress.duration} (ISO-8601, default {@code PT3M}) and
 * {@code wvo.stress.seed} (default a fixed seed, so that a run can be repeated).
 */
@Tag("stress")
class CrossProcessKillStressTest {

    private static final int PROCESSES = 8;
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @TempDir
    Path root;

    @Test
    void eightProcessesKilledAtRandomForMinutes_neverOverlapAndLoseNoLoggedIncrement() throws Exception {
        Duration duration = Duration.parse(System.getProperty("wvo.stress.duration", "PT3M"));
        long seed = Long.getLong("wvo.stress.seed", 20261122L);
        Random random = new Random(seed);
        long started = System.nanoTime();
        Map<IncrementerFleet.Target, Duration> longestStill = new EnumMap<>(IncrementerFleet.Target.class);
        Map<IncrementerFleet.Target, Integer> kills = new EnumMap<>(IncrementerFleet.Target.class);
        try (IncrementerFleet fleet = new IncrementerFleet(root, LEASE)) {
            for (int i = 0; i < PROCESSES; i++) {
                fleet.start("w" + i, IncrementerFleet.UNTIL_STOPPED);
            }

            while (System.nanoTime() - started < duration.toNanos()) {
                IncrementerFleet.Target target = random.nextBoolean()
                        ? IncrementerFleet.Target.HOLDER : IncrementerFleet.Target.ANY_WORKER;
                Optional<Duration> still = fleet.killAtRandom(random, 2, target, PATIENCE);
                if (still.isPresent()) {
                    kills.merge(target, 1, Integer::sum);
                    longestStill.merge(target, still.get(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
                }
            }
            fleet.stopAll();

            assertThat(fleet.awaitAllExited(PATIENCE)).isEmpty();
            IncrementerLogs logs = fleet.logs();
            long counted = fleet.counter().count();
            Duration runtime = Duration.ofNanos(System.nanoTime() - started);
            int leftovers = fleet.cleanLockLeftovers();
            System.out.printf("STRESS processes=%d seed=%d runtime=%ds counter=%d logged=%d kills=%d "
                            + "(holderKills=%d anyKills=%d) witnessTakeovers=%d staleReclaims=%d overlaps=%d "
                            + "longestStallAfterHolderKillMs=%d longestStallAfterAnyKillMs=%d leftoverTempFiles=%d%n",
                    PROCESSES, seed, runtime.toSeconds(), counted, logs.doneCount(), fleet.kills(),
                    kills.getOrDefault(IncrementerFleet.Target.HOLDER, 0),
                    kills.getOrDefault(IncrementerFleet.Target.ANY_WORKER, 0),
                    logs.takeovers().size(), logs.reclaims().size(), fleet.failures().size(),
                    longestStill.getOrDefault(IncrementerFleet.Target.HOLDER, Duration.ZERO).toMillis(),
                    longestStill.getOrDefault(IncrementerFleet.Target.ANY_WORKER, Duration.ZERO).toMillis(),
                    leftovers);

            assertThat(fleet.failures()).isEmpty();
            assertThat(logs.orderViolations()).isEmpty();
            assertThat(logs.notCoveredBy(fleet.counter())).isEmpty();
            assertThat(counted).isBetween(logs.doneCount(), logs.doneCount() + fleet.kills());
            assertThat(fleet.kills()).isPositive();
            assertThat(fleet.lockIsFree()).isTrue();
        }
    }
}
