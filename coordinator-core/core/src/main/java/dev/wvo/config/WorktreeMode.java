package dev.wvo.config;

/** When a task gets its own git worktree. */
public enum WorktreeMode {
    /** Tasks run in the worker's own checkout. */
    OFF,
    /** Every task runs in its own worktree. */
    ALWAYS,
    /** A task runs in a worktree only when its ownership conflicts with a running task. */
    ON_CONFLICT;

    /**
     * Decides whether a task gets a worktree.
     *
     * @param ownershipConflictsWithRunningTask whether the task's owned paths overlap a running task's
     * @return true when the task must run in its own worktree
     */
    public boolean useWorktree(boolean ownershipConflictsWithRunningTask) {
        return switch (this) {
            case OFF -> false;
            case ALWAYS -> true;
            case ON_CONFLICT -> ownershipConflictsWithRunningTask;
        };
    }
}
