package dev.wvo.cli;

import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.Liveness;
import dev.wvo.lock.ProcessRef;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * The JSON document of {@code wvo lock list --json}; its schema is documented in
 * {@code docs/cli.md}. Times are ISO-8601 instants in UTC, durations whole milliseconds, so that
 * {@code jq} can compare them without parsing.
 *
 * @param lockDirectory    the directory that was listed
 * @param generatedAt      the moment the listing was made; ages and staleness are as of then
 * @param leftoversRemoved temp files and unreadable lock files removed before listing
 * @param locks            every lock, sorted by resource
 */
record LockListing(String lockDirectory, String generatedAt, int leftoversRemoved, List<Lock> locks) {

    static LockListing of(Path directory, Instant now, int leftoversRemoved, List<LockInfo> infos) {
        return new LockListing(directory.toString(), now.toString(), leftoversRemoved,
                infos.stream().map(info -> Lock.of(info, now)).toList());
    }

    /**
     * @param resource the resource name as given to acquire
     * @param mode     {@code exclusive} or {@code shared}
     * @param stale    true if every holder is stale: the next acquirer takes it
     * @param corrupt  why the lock file could not be read, or null
     * @param holders  the holders
     * @param waiters  exclusive requests waiting for the lock
     */
    record Lock(String resource, String mode, boolean stale, String corrupt, List<Holder> holders, List<Waiter> waiters) {

        static Lock of(LockInfo info, Instant now) {
            return new Lock(info.resource(), info.mode().label(), info.corrupt() == null && info.isStale(),
                    info.corrupt(),
                    info.holders().stream().map(h -> Holder.of(h, now)).toList(),
                    info.waiting().stream().map(Waiter::of).toList());
        }
    }

    /**
     * @param owner            who holds it ({@code --owner}, or pid@host)
     * @param pid              the holding process
     * @param host             the host it runs on
     * @param bootId           the boot of that host
     * @param token            the fencing token of this acquisition
     * @param acquiredAt       when the lock was taken
     * @param ageMillis        how long it has been held
     * @param heartbeatAt      when the lease was last renewed
     * @param leaseMillis      the lease length
     * @param leaseExpiresAt   when the lease runs out unless renewed
     * @param stale            true if the next acquirer will reclaim it
     * @param liveness         {@code alive}, or why it is stale: {@code process_dead}, {@code host_rebooted}, {@code lease_expired}
     */
    record Holder(String owner, long pid, String host, String bootId, long token, String acquiredAt, long ageMillis,
                  String heartbeatAt, long leaseMillis, String leaseExpiresAt, boolean stale, String liveness) {

        static Holder of(HolderInfo h, Instant now) {
            ProcessRef p = h.process();
            return new Holder(h.owner(), p.pid(), p.host().hostName(), p.host().bootId(), h.token(),
                    h.acquiredAt().toString(), Duration.between(h.acquiredAt(), now).toMillis(),
                    h.heartbeatAt().toString(), h.lease().toMillis(), h.leaseExpiry().toString(),
                    h.isStale(), label(h.staleness()));
        }
    }

    /**
     * @param owner       who waits
     * @param pid         the waiting process
     * @param host        the host it runs on
     * @param refreshedAt when it last said it still waits
     * @param stale       true if it stopped waiting without withdrawing (its entry is ignored)
     * @param liveness    as for holders
     */
    record Waiter(String owner, long pid, String host, String refreshedAt, boolean stale, String liveness) {

        static Waiter of(LockInfo.WaiterInfo w) {
            return new Waiter(w.owner(), w.process().pid(), w.process().host().hostName(), w.refreshedAt().toString(),
                    w.staleness() != Liveness.ALIVE, label(w.staleness()));
        }
    }

    static String label(Liveness liveness) {
        return liveness.name().toLowerCase(Locale.ROOT);
    }
}
