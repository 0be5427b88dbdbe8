package dev.wvo.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of event wvo writes. On disk an event's type is the {@link #id()} string, so a log
 * written by a newer wvo with kinds this one does not know still reads (as {@link Event#type()}).
 */
public enum EventType {
    /** A worker claimed a task. */
    CLAIM("claim"),
    /** A worker completed a task's attempt. */
    COMPLETE("complete"),
    /** An attempt failed. */
    FAIL("fail"),
    /** A task's stale claim was taken back so that the task can run again. */
    RECLAIM("reclaim"),
    /** A lock was taken from a stale holder by an acquirer. */
    LOCK_RECLAIM("lock-reclaim"),
    /** An unreadable file standing at a lock's name was removed. */
    LOCK_GARBAGE_REMOVED("lock-garbage-removed"),
    /** An administrator broke a lock. */
    LOCK_BREAK("lock-break"),
    /** A holder found it had lost its lock. */
    LOCK_LOST("lock-lost"),
    /** A holder released a lock it had already lost; nothing was removed. */
    LOCK_RELEASE_OF_LOST("lock-release-of-lost"),
    /** An attempt's work was merged. */
    MERGE("merge"),
    /** Concurrent attempts changed the same artifact. */
    CONFLICT("conflict"),
    /** A stage of a task's pipeline ended. */
    STAGE("stage"),
    /** The merge queue could not land a task's branch: conflicting paths or a failing test command. */
    MERGE_CONFLICT("merge-conflict"),
    /** A stacked task branch was replayed onto the new tip of the branch below it. */
    RESTACK("restack"),
    /** A task branch was pushed to the configured remote, and its pull request opened the first time. */
    PUSH("push"),
    /** A worker found a task worktree with no live claim and kept it, because it held unmerged work. */
    WORKTREE_KEPT("worktree-kept"),
    /** A reaction's cap was hit (or a reaction says block): the task is blocked for a person. */
    NEEDS_ATTENTION("needs-attention"),
    /** One agent run (an attempt, or one hop of it) ended: its backend, model, tokens and cost, for the cost ledger. */
    USAGE("usage"),
    /** Every account of a worker's chain was limited: it gave its task back and waits for the first reset. */
    PARK("park"),
    /** Every account of every live worker is limited: nothing runs until the first reset. Written once per such time. */
    ALL_LIMITED("all-limited"),
    /** A budget was reached: a task blocked, an account parked for the day, a worker's run ended. */
    BUDGET("budget"),
    /** Nothing was left to run: every task done, failed or blocked. Written once per such state of the roadmap. */
    RUN_FINISHED("run-finished");

    private final String id;

    EventType(String id) {
        this.id = id;
    }

    /** The type as written in {@code events.jsonl}. */
    public String id() {
        return id;
    }

    /** The known type written as {@code id}, if any. */
    public static Optional<EventType> fromId(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
