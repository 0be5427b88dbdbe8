package dev.wvo.reactions;

import dev.wvo.config.Trigger;

/**
 * What wvo decided after a trigger happened to a task.
 *
 * @param trigger what happened
 * @param count   how many times it has happened to the task, this time included
 * @param retry   true: the task runs again; false: it is blocked for a person
 * @param reason  for a blocked task, why, naming the trigger, its count and the cap that was hit;
 *                null for a retry
 */
public record ReactionDecision(Trigger trigger, int count, boolean retry, String reason) {

    /** The line a blocked task's {@code result.summary} and the {@code needs-attention} event carry. */
    public String blockedSummary(String taskId, String lastSummary) {
        return "needs attention: " + reason + (lastSummary == null || lastSummary.isBlank() ? "" : "; last: "
                + lastSummary) + "; look at state/artifacts/" + taskId + "/, then `wvo task reset " + taskId + "`";
    }
}
