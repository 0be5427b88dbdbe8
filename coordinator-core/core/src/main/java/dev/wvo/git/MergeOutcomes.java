package dev.wvo.git;

import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.reactions.ReactionDecision;
import dev.wvo.reactions.Reactions;
import dev.wvo.reactions.Trigger;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoard;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;
import dev.wvo.worker.AttemptArtifactsDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one place where what the merge queue did becomes the task's state: {@code merge:} and
 * {@code branch:} in the roadmap, the task sent back or blocked after a conflict or failing test,
 * the feedback file of its last attempt, the event and the terminal line.
 */
public final class MergeOutcomes {

    /** The file in the last attempt's artifacts that tells the next attempt why its branch did not land. */
    public static final String FEEDBACK = "feedback.txt";

    private final TaskBoardStore roadmap;
    private final TaskWorktrees worktrees;
    private final MergeQueueStore queue;
    private final Path stateDir;
    private final EventLog events;
    private final Clock clock;
    private final Consumer<String> terminal;
    private final Reactions reactions;

    /** @param reactions how a conflict or failing test sends the task back, and when it blocks it instead */
    public MergeOutcomes(TaskBoardStore roadmap, TaskWorktrees worktrees, MergeQueueStore queue, Path stateDir,
                         EventLog events, Clock clock, Consumer<String> terminal, Reactions reactions) {
        this.reactions = reactions;
        this.roadmap = roadmap;
        this.worktrees = worktrees;
        this.queue = queue;
        this.stateDir = stateDir;
        this.events = events;
        this.clock = clock;
        this.terminal = terminal;
    }

    /**
     * Applies one outcome of the queue to its task.
     *
     * @param worker the worker that processed the queue (for the event), or null for a person
     */
    public void apply(MergeOutcome outcome, String worker) {
        MergeEntry entry = outcome.entry();
        String who = worker == null ? "wvo" : worker;
        switch (outcome.kind()) {
            case FAST_FORWARD, MERGE_COMMIT -> {
                boolean recordedBefore = roadmap.update(board -> currentTask(board, entry).map(t -> {
                    if (Runnability.MERGE_MERGED.equals(t.view().extra().get("merge"))) {
                        return true;
                    }
                    board.recordMerge(t.id(), entry.branch(), Runnability.MERGE_MERGED);
                    return false;
                }).orElse(false));
                if (recordedBefore) {
                    return; // another worker recorded this landing first: one event per merge
                }
                events.append(Event.of(clock, EventType.MERGE, worker, entry.taskId(), null, details(
                        "entry", entry.id(), "branch", entry.branch(), "target", worktrees.targetBranch(),
                        "kind", outcome.kind().name().toLowerCase(Locale.ROOT), "commit", entry.mergedCommit(),
                        "checkout_updated", outcome.checkoutUpdated())));
                terminal.accept(who + ": merged " + entry.branch() + " (" + entry.taskId() + ") into "
                        + worktrees.targetBranch());
            }
            case TARGET_CHECKED_OUT_DIRTY -> terminal.accept(who + ": not merging " + entry.branch() + ": "
                    + worktrees.targetBranch() + " is checked out in " + worktrees.repoDir() + " with uncommitted changes "
                    + outcome.conflictPaths() + "; commit or stash them and the queue resumes");
            case CONFLICT, TEST_FAILED -> sendBack(outcome, worker, who);
        }
    }

    private void sendBack(MergeOutcome outcome, String worker, String who) {
        MergeEntry entry = outcome.entry();
        boolean conflict = outcome.kind() == MergeOutcome.Kind.CONFLICT;
        String merge = conflict ? "conflict" : "test_failed";
        String problem = conflict ? "conflicts with " + worktrees.targetBranch() + " in " + outcome.conflictPaths()
                : "fails the test command: " + firstLine(outcome.failureTail());
        boolean rebase = outcome.strategy() == MergeOutcome.ConflictStrategy.REBASE;
        String branch = entry.branch();
        if (rebase && worktrees.branchExists(branch)) {
            // the next attempt starts fresh from the new target on the task's branch name; the old work stays here
            branch = worktrees.setAside(branch, conflict ? "conflict" : "test-failed");
            queue.write(entry.withBranch(branch));
        }
        String keptBranch = branch;
        Trigger trigger = conflict ? Trigger.MERGE_CONFLICT : Trigger.MERGE_TEST_FAILED;
        Applied applied = roadmap.update(board -> {
            Optional<TaskState> task = currentTask(board, entry);
            if (task.isEmpty()) {
                return null; // the task moved on (or is gone): the entry alone records the problem
            }
            TaskState t = task.get();
            // the attempt that made the branch is spent; a retry is a new one, within max_attempts
            ReactionDecision decision = reactions.react(board, t, trigger, t.attempts(),
                    rebase ? null : "worktree.on_conflict is escalate");
            String status = decision.retry() ? Runnability.PENDING : Runnability.BLOCKED;
            String summary = "branch " + keptBranch + " " + problem + (decision.retry() ? "; a new attempt starts from "
                    + worktrees.targetBranch() : rebase ? "; " + decision.blockedSummary(t.id(), null)
                    : "; needs a person (see wvo merge-queue list)");
            board.finish(t.id(), status, t.attempts(), new TaskBoard.Result(merge, clock.instant(), summary, List.of()));
            board.recordMerge(t.id(), keptBranch, merge);
            writeFeedback(t, outcome, keptBranch);
            return new Applied(status, decision, summary, t.attempts());
        });
        String newStatus = applied == null ? null : applied.status();
        Map<String, Object> detail = details("entry", entry.id(), "branch", keptBranch, "target",
                worktrees.targetBranch(), "kind", merge, "strategy", outcome.strategy().name().toLowerCase(Locale.ROOT),
                "status", newStatus);
        if (conflict) {
            detail.put("paths", outcome.conflictPaths());
        } else {
            detail.put("failure", firstLine(outcome.failureTail()));
        }
        events.append(Event.of(clock, EventType.MERGE_CONFLICT, worker, entry.taskId(), null, detail));
        if (applied != null && !applied.decision().retry()) {
            events.append(NeedsAttention.event(clock, worker, entry.taskId(), applied.attempts(), applied.decision(),
                    applied.summary()));
        }
        terminal.accept(who + ": " + entry.taskId() + " not merged: " + keptBranch + " " + problem
                + (newStatus == null ? "" : "; task now " + newStatus));
    }

    /** What a conflict or failing test did to the task, for the events written after the transaction. */
    private record Applied(String status, ReactionDecision decision, String summary, int attempts) {
    }

    /** The task, if it still stands where this entry left it: done (or blocked) on the entry's branch. */
    private static Optional<TaskState> currentTask(TaskBoard board, MergeEntry entry) {
        return board.tasks().stream().filter(t -> t.id().equals(entry.taskId())).findFirst()
                .filter(t -> t.claim() == null)
                .filter(t -> entry.branch().equals(String.valueOf(t.view().extra().get("branch"))));
    }

    private void writeFeedback(TaskState task, MergeOutcome outcome, String branch) {
        Path file = AttemptArtifactsDir.of(stateDir, task.id(), Math.max(1, task.attempts())).resolve(FEEDBACK);
        StringBuilder text = new StringBuilder();
        if (outcome.kind() == MergeOutcome.Kind.CONFLICT) {
            text.append("Your branch ").append(branch).append(" conflicted with ").append(worktrees.targetBranch())
                    .append(" in these files:\n");
            outcome.conflictPaths().forEach(p -> text.append("  ").append(p).append('\n'));
        } else {
            text.append("The test command failed on ").append(worktrees.targetBranch()).append(" merged with ")
                    .append(branch).append(". The end of its output:\n").append(outcome.failureTail());
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "(no output)";
        }
        return text.strip().lines().findFirst().orElse("");
    }

    private static Map<String, Object> details(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
