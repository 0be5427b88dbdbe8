package dev.wvo.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One holder of a lock, as recorded in the lock: who (owner and process), since when, until when
 * its lease runs, its fencing token, and whether it is stale as judged now.
 *
 * @param owner       the owner id given by the acquiring program (for example a worker id)
 * @param process     the holding process: host identity, pid and start time
 * @param acquiredAt  when the lock was taken
 * @param heartbeatAt when the holder last renewed its lease
 * @param lease       how long after {@code heartbeatAt} the holder counts as alive without news
 * @param token       the fencing token of this acquisition
 * @param staleness   {@link Liveness#ALIVE} or why the holder is stale
 */
public record HolderInfo(String owner, ProcessRef process, Instant acquiredAt, Instant heartbeatAt,
                         Duration lease, long token, Liveness staleness) {

    public HolderInfo {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(process, "process");
        Objects.requireNonNull(acquiredAt, "acquiredAt");
        Objects.requireNonNull(heartbeatAt, "heartbeatAt");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(staleness, "staleness");
    }

    /** When the lease runs out unless renewed. */
    public Instant leaseExpiry() {
        return heartbeatAt.plus(lease);
    }

    public boolean isStale() {
        return staleness != Liveness.ALIVE;
    }

    /** One line for logs and error messages: {@code worker1 (pid 4242 on host-a, token 17)}. */
    public String describe() {
        return owner + " (pid " + process.pid() + " on " + process.host().hostName() + ", token " + token + ")";
    }
}
