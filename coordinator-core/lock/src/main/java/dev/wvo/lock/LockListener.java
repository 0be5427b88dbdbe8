package dev.wvo.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told of what the lock manager does beyond plain acquire and release, so that a program can
 * record it (wvo writes these to its event log). Every method has a logging default.
 */
public interface LockListener {

    /** A stale holder was removed from a lock by an acquirer or a break. */
    default void staleHolderRemoved(String resource, HolderInfo holder) {
        Log.LOG.info("Reclaimed lock '{}' from stale holder {}: {}", resource, holder.describe(),
                holder.staleness().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** Something that was not a lock record stood at a lock's name and was removed. */
    default void garbageRemoved(String resource, String problem) {
        Log.LOG.warn("Removed an unreadable lock file for '{}' ({}); it was never a live lock", resource, problem);
    }

    /** An administrator broke a lock. */
    default void lockBroken(String resource, BreakResult result, boolean forced) {
        Log.LOG.warn("Lock '{}' broken{}: {}", resource, forced ? " by force" : "",
                result.holders().stream().map(HolderInfo::describe).toList());
    }

    /** A handle of this process found that it no longer holds its lock (broken or expired). */
    default void lockLost(String resource, long token, String why) {
        Log.LOG.warn("Lost lock '{}' (token {}): {}", resource, token, why);
    }

    /** A handle was released after it had lost its lock; nothing was removed. */
    default void releaseOfLostLock(String resource, long token) {
        Log.LOG.warn("Release of lock '{}' (token {}) ignored: this handle no longer holds it", resource, token);
    }

    /** The listener that only logs. */
    LockListener LOGGING = new LockListener() {
    };

    /** Holder of the logger, which interfaces cannot declare privately. */
    final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(LockListener.class);

        private Log() {
        }
    }
}
