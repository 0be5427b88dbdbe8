package dev.wvo.schedule;

/**
 * What a worker reports at the end of an attempt.
 */
public enum Completion {
    /** The task is done. */
    DONE,
    /** The attempt failed; the task is retried while attempts remain, else it fails. */
    FAILED,
    /** The task needs a person; it is not retried. */
    BLOCKED,
    /** The worker gave the task back (shutdown) without spending an attempt. */
    RETURNED
}
