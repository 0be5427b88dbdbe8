package dev.wvo.config;

/** How a task goes back after its branch conflicts with the target or fails the test command ({@code worktree.on_conflict}). */
public enum ConflictStrategy {
    /** A new attempt starts from the new target. */
    REBASE,
    /** The task is blocked for a person. */
    ESCALATE
}
