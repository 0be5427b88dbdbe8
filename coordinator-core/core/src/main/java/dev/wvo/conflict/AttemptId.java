package dev.wvo.conflict;

import java.util.Objects;

/**
 * One attempt at one task: the unit whose artifacts are compared.
 *
 * @param task    the task id
 * @param attempt the attempt number, from 1
 */
public record AttemptId(String task, int attempt) implements Comparable<AttemptId> {

    public AttemptId {
        Objects.requireNonNull(task, "task");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, was " + attempt + " for " + task);
        }
    }

    @Override
    public int compareTo(AttemptId other) {
        int byTask = task.compareTo(other.task);
        return byTask != 0 ? byTask : Integer.compare(attempt, other.attempt);
    }

    /** {@code T-12#2}: how attempts are named in messages and JSON. */
    @Override
    public String toString() {
        return task + "#" + attempt;
    }
}
