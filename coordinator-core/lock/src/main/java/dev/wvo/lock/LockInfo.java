package dev.wvo.lock;

import java.util.List;
import java.util.Objects;

/**
 * A lock as it stands: its resource, mode, holders, and the exclusive requests waiting for it.
 *
 * @param resource the original resource name
 * @param mode     the mode of the current holders ({@code EXCLUSIVE} when it has no holders)
 * @param holders  the holders; empty when only waiters remain
 * @param waiting  exclusive requests waiting for the lock, which new shared holders must not overtake
 * @param corrupt  a description if the lock's record could not be read (never a live lock), else null
 */
public record LockInfo(String resource, LockMode mode, List<HolderInfo> holders, List<WaiterInfo> waiting,
                       String corrupt) {

    public LockInfo {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(mode, "mode");
        holders = List.copyOf(holders);
        waiting = List.copyOf(waiting);
    }

    /** True if every holder is stale (or there are none): the next acquirer will take it. */
    public boolean isStale() {
        return holders.stream().allMatch(HolderInfo::isStale);
    }

    /** A holder waiting for exclusive access, as recorded in the lock. */
    public record WaiterInfo(String owner, ProcessRef process, java.time.Instant refreshedAt, Liveness staleness) {
    }
}
