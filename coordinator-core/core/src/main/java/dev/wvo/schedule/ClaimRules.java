package dev.wvo.schedule;

/**
 * What a worker may claim beyond the plain rules, because it can run tasks in git worktrees.
 *
 * @param stackOnQueued   start a task whose one unmerged dependency waits in the merge queue, on
 *                        that dependency's branch
 * @param isolateOverlaps claim a task whose ownership overlaps a running task's (or whose
 *                        ownership locks are busy) without its ownership locks: it runs in its
 *                        own worktree, and the merge queue finds any real conflict
 */
public record ClaimRules(boolean stackOnQueued, boolean isolateOverlaps) {

    /** The plain rules: every dependency merged, no ownership overlap. */
    public static final ClaimRules PLAIN = new ClaimRules(false, false);
}
