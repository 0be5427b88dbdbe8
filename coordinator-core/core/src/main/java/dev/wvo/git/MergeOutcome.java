package dev.wvo.git;

import dev.wvo.config.ConflictStrategy;

import java.util.List;

/**
 * What happened to the head of the queue; the worker/scheduler applies it to the task.
 *
 * @param entry the entry as stored after the attempt
 * @param kind result kind
 * @param conflictPaths conflicting paths (CONFLICT)
 * @param failureTail test output tail (TEST_FAILED)
 * @param strategy what to do with the task on CONFLICT/TEST_FAILED
 * @param checkoutUpdated whether the user's checkout of the target branch was moved to the new commit
 */
public record MergeOutcome(MergeEntry entry, Kind kind, List<String> conflictPaths, String failureTail,
        ConflictStrategy strategy, boolean checkoutUpdated) {

    /** Result kinds. */
    public enum Kind { FAST_FORWARD, MERGE_COMMIT, CONFLICT, TEST_FAILED, TARGET_CHECKED_OUT_DIRTY }

    /** @return true when the target branch moved */
    public boolean landed() {
        return kind == Kind.FAST_FORWARD || kind == Kind.MERGE_COMMIT;
    }
}
