package dev.wvo.cli;

import dev.wvo.accounts.Budgets;
import dev.wvo.reactions.Reactions;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Claim;
import dev.wvo.schedule.WorkerPresence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code wvo task reset}: puts a task back to pending. */
@Command(name = "reset",
        header = "Put a task back to pending and remove its claim.",
        description = "Attempts made so far are kept; the task's reaction counts (reactions:) are cleared, and its budget "
                + "starts afresh (budget_from_attempt: only the runs of its next attempts count against it). A task in progress with a live worker is refused unless "
                + "--force: that worker keeps running, and its completion is then rejected because it no longer "
                + "holds the claim.")
final class TaskResetCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
    private String id;

    @Option(names = "--force", description = "Reset even a task a live worker is running.")
    private boolean force;

    @Override
    public Integer call() {
        String before;
        int[] raised = {0};
        try (StateAccess state = StateAccess.open(WvoCommand.of(spec), "wvo-task-reset", Clock.systemUTC())) {
            WorkerPresence presence = new WorkerPresence(state.locks());
            before = state.store().update((roadmap, editor, log) -> {
                RoadmapTask task = roadmap.task(id).orElseThrow(() -> new CommandFailure(ExitCodes.FAILURE,
                        "no task " + id + " in " + roadmap.file() + "; `wvo task list` shows the ids"));
                Claim claim = task.claim();
                if (!force && claim != null && "in_progress".equals(task.status()) && presence.holds(claim)) {
                    throw new CommandFailure(ExitCodes.FAILURE, id + " is in progress by live worker " + claim.worker()
                            + "; stop that worker first, or run `wvo task reset " + id + " --force`");
                }
                editor.set(task, "status", "pending");
                editor.set(task, "claim", null);
                // a person looked: the reactions count afresh (the attempts made stay, as max_attempts counts them)
                if (task.fields().containsKey(Reactions.FIELD)) {
                    editor.set(task, Reactions.FIELD, null);
                }
                // a task that used all its attempts would stay pending for ever: it gets one more, and
                // its next attempt a number of its own, so the artifacts of the last one stay to look at
                // its budget starts afresh: only the runs of its next attempts count against it
                if (task.attempts() > 0) {
                    editor.set(task, Budgets.COUNTED_FROM_ATTEMPT, task.attempts() + 1);
                }
                if (task.attempts() >= task.maxAttempts()) {
                    editor.set(task, "max_attempts", task.attempts() + 1);
                    raised[0] = task.attempts() + 1;
                }
                return task.status();
            });
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("pending".equals(before) ? id + " was pending already." : "Reset " + id + " from " + before + " to pending.");
        if (raised[0] > 0) {
            out.println("It had used all its attempts: max_attempts is now " + raised[0] + ", for one more.");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
