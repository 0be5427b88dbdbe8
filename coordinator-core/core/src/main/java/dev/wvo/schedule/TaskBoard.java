package dev.wvo.schedule;

import dev.wvo.events.Event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The roadmap as the scheduler sees and changes it inside one transaction. The roadmap store
 * implements it over the real file; every change made through it is written when the
 * transaction ends, or not at all, and so is every event logged through it.
 */
public interface TaskBoard {

    /** Every task, in file order. */
    List<TaskState> tasks();

    /**
     * The tasks in progress under a claim ({@link Runnability#holdsOwnership}), in file order: where
     * a dead worker's claim can be. A store that keeps them apart gives them without a look at
     * every task.
     */
    default List<TaskState> claimed() {
        return tasks().stream().filter(Runnability::holdsOwnership).toList();
    }

    /** Marks the task in progress under {@code claim}. */
    void claim(String taskId, Claim claim);

    /**
     * Ends the task's current claim: sets its status and attempt count, clears the claim and
     * records the result (null to record none).
     */
    void finish(String taskId, String status, int attempts, Result result);

    /**
     * Sets fields of a task, a null value removing one: how a running attempt records its
     * progress (a pipeline's {@code stage:} and {@code stages:}).
     */
    void record(String taskId, Map<String, Object> fields);

    /**
     * Logs an event with this transaction: it reaches {@code events.jsonl} if and only if the
     * transaction's changes reach the roadmap (or, for a transaction that changes nothing, at its end).
     */
    void log(Event event);

    /** A top-level value of the roadmap (such as its default {@code pipeline:}), or null. */
    default Object setting(String key) {
        return null;
    }

    /** Where a task is written, for messages that send a person there ({@code roadmap.yaml:12}). */
    default String whereIs(String taskId) {
        return "task " + taskId;
    }

    /** Records where a task's work waits to be merged: its {@code branch:} and {@code merge:} fields. */
    default void recordMerge(String taskId, MergeState state) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>();
        fields.put("branch", state.branch());
        fields.put("merge", state.merge());
        record(taskId, fields);
    }

    /** The task with this id as it stands in this transaction, if the roadmap has it (the first, for a duplicate id). */
    default java.util.Optional<TaskState> task(String taskId) {
        return tasks().stream().filter(t -> t.id().equals(taskId)).findFirst();
    }

    /**
     * What an attempt came to, as recorded in the task.
     *
     * @param outcome    {@code done}, {@code failed}, {@code blocked}, {@code reclaimed}, {@code returned}, ...
     * @param finishedAt when
     * @param summary    a line or two for people
     * @param artifacts  paths of what the attempt left in {@code state/artifacts}
     */
    record Result(String outcome, Instant finishedAt, String summary, List<String> artifacts) {
        public Result {
            artifacts = List.copyOf(artifacts);
        }
    }
}
