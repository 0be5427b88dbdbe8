package dev.wvo.schedule;

import dev.wvo.events.Event;

import java.util.Optional;

/**
 * What becomes of a task whose attempt failed: retried (within its {@code max_attempts}) or
 * blocked for a person. Decided inside the completion's transaction, under the claim, so that a
 * reclaimed attempt decides and counts nothing.
 */
@FunctionalInterface
public interface FailureRule {

    /** Retry while attempts remain; the task fails when none does. */
    FailureRule RETRY = (board, task, summary) -> Optional.empty();

    /**
     * @param board   the transaction, in which the rule may record what it counts
     * @param task    the task as it stands, still claimed
     * @param summary what the attempt reported
     * @return empty to retry, or the block: the task's summary and the event that says why
     */
    Optional<Block> decide(TaskBoard board, TaskState task, String summary);

    /** A task blocked for a person: its {@code result.summary}, and the event logged with it. */
    record Block(String summary, Event event) {
    }
}
