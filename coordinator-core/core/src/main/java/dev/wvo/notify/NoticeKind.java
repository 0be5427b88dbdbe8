package dev.wvo.notify;

import java.util.Arrays;
import java.util.Optional;

/** What a notification is about, as {@code notify.on} names it. */
public enum NoticeKind {
    /** A task was blocked for a person (a reaction's cap, a budget, a conflict to settle). */
    NEEDS_ATTENTION("needs-attention"),
    /** Every account of every live worker is limited: nothing runs until the first reset. */
    ALL_LIMITED("all-limited"),
    /** A budget was reached: a task blocked, an account parked for the day, a worker's run ended. */
    BUDGET("budget"),
    /** The merge queue stopped on a conflict or a failing test and waits for a person. */
    MERGE_STUCK("merge-stuck"),
    /** A worker died with a task in hand; another took the task back. */
    WORKER_DIED("worker-died"),
    /** Nothing is left to run: every task is done, failed or blocked. */
    RUN_FINISHED("run-finished");

    private final String id;

    NoticeKind(String id) {
        this.id = id;
    }

    /** The name in config.yaml and in the notification's JSON. */
    public String id() {
        return id;
    }

    public static Optional<NoticeKind> fromId(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }
}
