package dev.wvo.lock.process;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A holder that is alive but paused (SIGSTOP) past its lease, across real JVMs. No lease-based
 * lock can keep such a holder out of the critical section when it resumes; what the lock
 * promises is that the others go on once the lease has run out, and that the paused holder's
 * token is too small for any write it attempts afterwards.
 */
@Tag("process")
class CrossProcessLeaseExpiryTest {

    private static final Duration SHORT_LEASE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path root;

    @Test
    void holderPausedPastItsLease_isReclaimedAndItsLateWriteIsFenced() throws Exception {
        try (IncrementerFleet fleet = new IncrementerFleet(root, SHORT_LEASE)) {
            IncrementerFleet.Slot holder = fleet.startHolding("holder");
            await().atMost(PATIENCE).until(() -> fleet.pidInside().filter(pid -> pid == holder.pid()).isPresent());
            fleet.pause(holder);

            IncrementerFleet.Slot worker = fleet.startLenient("worker", 10);
            assertThat(fleet.awaitExit(worker, PATIENCE)).isZero();
            fleet.resume(holder);
            fleet.letGo(holder);

            assertThat(fleet.awaitExit(holder, PATIENCE)).isEqualTo(CounterIncrementer.EXIT_FENCING);
            IncrementerLogs logs = fleet.logs();
            assertThat(logs.reclaims()).containsExactly(holder.pid() + " LEASE_EXPIRED");
            assertThat(logs.overlaps()).containsExactly(holder.pid());
            assertThat(fleet.failures()).singleElement().asString()
                    .startsWith(holder.pid() + ": token 1 is not above the stored token");
            assertThat(fleet.counter().count()).isEqualTo(10);
            assertThat(logs.doneCount()).isEqualTo(10);
            assertThat(logs.orderViolations()).isEmpty();
        }
    }
}
