package dev.wvo.reactions;

/**
 * What wvo does when a trigger happens to a task.
 *
 * @param action  retry the task, or block it for a person
 * @param max     how many times the trigger may send the task back before it is blocked; null for no
 *                limit of its own (the task's {@code max_attempts} still applies)
 */
public record Reaction(Action action, Integer max) {

    /** The two things wvo can do. */
    public enum Action {
        /** Run the task again (a new attempt, which counts against {@code max_attempts}). */
        RETRY,
        /** Block the task for a person. */
        BLOCK
    }

    static Reaction retry(Integer max) {
        return new Reaction(Action.RETRY, max);
    }
}
