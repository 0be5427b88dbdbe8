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
 * @param hunks the conflicting hunks when the queue knows them already (a rebase step that conflicted),
 *              else empty: the hunks of a merge are computed from the branch and the target
 * @param against what the branch conflicted with: the branch below it, for a restack; null for the target
 */
public record MergeOutcome(MergeEntry entry, Kind kind, List<String> conflictPaths, String failureTail,
        ConflictStrategy strategy, boolean checkoutUpdated, String hunks, String against) {

    /**
     * Result kinds: {@code REBASED} landed the branch's commits replayed onto the target that had
     * moved on; {@code RESTACKED} moved a stacked branch onto the new tip of the branch below it
     * (nothing landed).
     */
    public enum Kind { FAST_FORWARD, MERGE_COMMIT, REBASED, RESTACKED, CONFLICT, TEST_FAILED, TARGET_CHECKED_OUT_DIRTY }

    /** An outcome whose hunks, if any, are computed from the branch and the target. */
    public MergeOutcome(MergeEntry entry, Kind kind, List<String> conflictPaths, String failureTail,
                        ConflictStrategy strategy, boolean checkoutUpdated) {
        this(entry, kind, conflictPaths, failureTail, strategy, checkoutUpdated, "", null);
    }

    /** @return true when the target branch moved */
    public boolean landed() {
        return kind == Kind.FAST_FORWARD || kind == Kind.MERGE_COMMIT || kind == Kind.REBASED;
    }
}
