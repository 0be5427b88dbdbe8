package dev.wvo.lock;

import java.util.List;

/**
 * What an administrative {@link LockManager#breakLock break} did.
 *
 * @param outcome what happened
 * @param holders the holders the lock had when it was examined
 */
public record BreakResult(Outcome outcome, List<HolderInfo> holders) {

    public BreakResult {
        holders = List.copyOf(holders);
    }

    public enum Outcome {
        /** The lock was removed. */
        BROKEN,
        /** There was no lock on the resource. */
        NOT_HELD,
        /** A live holder has it and {@code force} was not given; nothing was changed. */
        REFUSED_LIVE_HOLDER
    }
}
