package dev.wvo.lock.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The file lock across real JVMs: processes increment one counter file under the exclusive
 * lock, an independent witness file detects any two of them inside at once, and the counter
 * keeps the fencing token of every write. Holders killed by SIGKILL are
 * {@link CrossProcessReclaimTest}'s.
 */
@Tag("process")
class CrossProcessExclusionTest {

    /** Long enough that a busy machine never expires a live holder's lease; kills are found by pid. */
    private static final Duration LEASE = Duration.ofSeconds(10);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path root;

    @Test
    void fourProcessesIncrementing_countEveryIncrementWithoutOverlap() throws Exception {
        try (IncrementerFleet fleet = new IncrementerFleet(root, LEASE)) {
            for (int i = 0; i < 4; i++) {
                fleet.start("w" + i, 100);
            }

            assertThat(fleet.awaitAllExited(PATIENCE)).isEmpty();

            IncrementerLogs logs = fleet.logs();
            assertThat(fleet.failures()).isEmpty();
            assertThat(fleet.counter().count()).isEqualTo(400);
            assertThat(logs.doneCount()).isEqualTo(400);
            assertThat(logs.orderViolations()).isEmpty();
            assertThat(logs.notCoveredBy(fleet.counter())).isEmpty();
            assertThat(fleet.counter().token()).isEqualTo(logs.done().get(399).token());
            assertThat(logs.takeovers()).isEmpty();
            assertThat(logs.reclaims()).isEmpty();
        }
    }

    @Test
    void processesNotSharingTheLock_areCaughtByWitnessOrFencingCheck() throws Exception {
        try (IncrementerFleet fleet = new IncrementerFleet(root, LEASE)) {
            for (int i = 0; i < 3; i++) {
                fleet.startWithPrivateLocks("w" + i);
            }

            await().atMost(PATIENCE).until(() -> !fleet.failures().isEmpty());
            fleet.stopAll();

            assertThat(fleet.failures())
                    .allMatch(f -> f.contains("inside") || f.contains("not above the stored token"));
            assertThat(fleet.awaitAllExited(PATIENCE)).allMatch(f -> f.contains("exited "
                    + CounterIncrementer.EXIT_OVERLAP) || f.contains("exited " + CounterIncrementer.EXIT_FENCING));
        }
    }
}
