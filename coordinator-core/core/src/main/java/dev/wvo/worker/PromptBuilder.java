package dev.wvo.worker;

import dev.wvo.spi.TaskView;

import java.util.List;

/** The prompt an agent gets for a task: what to do, what counts as done, and what others have noted. */
final class PromptBuilder {

    private PromptBuilder() {
    }

    static String build(TaskView task, String workerId, List<String> context) {
        StringBuilder p = new StringBuilder();
        p.append("You are ").append(workerId).append(", one of several agents working on this repository at the same time.\n");
        p.append("Your task is ").append(task.id()).append(": ").append(task.title()).append("\n");
        if (task.prompt() != null && !task.prompt().isBlank()) {
            p.append("\n").append(task.prompt().strip()).append("\n");
        }
        if (!task.description().isBlank()) {
            p.append("\nDescription:\n").append(task.description().strip()).append("\n");
        }
        if (!task.exitCriteria().isEmpty()) {
            p.append("\nThe task is done when:\n");
            task.exitCriteria().forEach(c -> p.append("- ").append(c.strip()).append("\n"));
        }
        if (task.readonly()) {
            p.append(readonlyRule(task));
        } else if (!task.owns().isEmpty()) {
            p.append("\nChange only these paths; other agents own the rest: ").append(String.join(", ", task.owns())).append("\n");
        }
        p.append(contextSection(context));
        if (task.attempt() > 1) {
            p.append("\nThis is attempt ").append(task.attempt()).append(" of this task.\n");
        }
        return p.toString();
    }

    /** What a readonly task's agent is told, whatever else its prompt says. */
    static String readonlyRule(TaskView task) {
        return "\nThis task only reads" + (task.owns().isEmpty() ? "" : " " + String.join(", ", task.owns()))
                + ": do not modify, create or delete any file, and do not commit. Other agents may be changing"
                + " files beside you. An attempt that changes files is not accepted; report what you find instead.\n";
    }

    /** The shared context's notes under their heading, or nothing without notes. */
    static String contextSection(List<String> context) {
        if (context.isEmpty()) {
            return "";
        }
        StringBuilder p = new StringBuilder("\nShared context (from state/context.md):\n");
        context.forEach(line -> p.append(line).append("\n"));
        return p.toString();
    }

    /**
     * The prompt followed by what the previous attempt left ({@link AttemptBrief}), when there is
     * a brief; a prompt built in any other way can be given it too.
     */
    static String withPreviousAttempt(String prompt, String brief) {
        if (brief.isBlank()) {
            return prompt;
        }
        return prompt + "\nThe previous attempt ended without the task being done. What it left:\n" + brief
                + "Build on what is useful in its work, and do not repeat what made it end.\n";
    }
}
