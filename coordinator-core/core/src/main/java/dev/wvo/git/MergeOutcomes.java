package dev.wvo.git;

import dev.wvo.config.Trigger;
import dev.wvo.config.ConflictStrategy;
import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.StateDir;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.reactions.ReactionDecision;
import dev.wvo.reactions.Reactions;
import dev.wvo.schedule.MergeState;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoard;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * the feedback file of its last attempt, the events (logged with the roadmap transaction) and the
 * terminal line.
 */
public final class MergeOutcomes {

    private final TaskBoardStore roadmap;
    private final TaskWorktrees worktrees;
    private final MergeQueueStore queue;
    private final StateDir state;
    private final Clock clock;
    private final Consumer<String> terminal;
    private final Reactions reactions;
    private final boolean keepBranches;

    /**
     * @param reactions    how a conflict or failing test sends the task back, and when it blocks it instead
     * @param keepBranches keep a branch that landed, instead of deleting it once its landing is recorded
     */
    public MergeOutcomes(TaskBoardStore roadmap, TaskWorktrees worktrees, MergeQueueStore queue, Path stateDir,
                         Clock clock, Consumer<String> terminal, Reactions reactions, boolean keepBranches) {
        this.reactions = reactions;
        this.keepBranches = keepBranches;
        this.roadmap = roadmap;
        this.worktrees = worktrees;
        this.queue = queue;
        this.state = new StateDir(stateDir);
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
            case FAST_FORWARD, MERGE_COMMIT, REBASED -> {
                boolean recorded = roadmap.update(board -> currentTask(board, entry).map(t -> {
                    if (Runnability.MERGE_MERGED.equals(t.view().extra().get("merge"))) {
                        return false; // another worker recorded this landing first: one event per merge
                    }
                    board.recordMerge(t.id(), new MergeState(entry.branch(), Runnability.MERGE_MERGED));
                    board.log(Event.of(clock, EventType.MERGE, worker, entry.taskId(), null, details(
                            "entry", entry.id(), "branch", entry.branch(), "target", worktrees.targetBranch(),
                            "kind", outcome.kind().name().toLowerCase(Locale.ROOT), "commit", entry.mergedCommit(),
                            "checkout_updated", outcome.checkoutUpdated())));
                    return true;
                }).orElse(false));
                if (recorded) {
                    terminal.accept(who + ": merged " + entry.branch() + " (" + entry.taskId() + ") into "
                            + worktrees.targetBranch() + deleteLanded(entry.branch()));
                }
            }
            case TARGET_CHECKED_OUT_DIRTY -> terminal.accept(who + ": not merging " + entry.branch() + ": "
                    + worktrees.targetBranch() + " is checked out in " + worktrees.repoDir() + " with uncommitted changes "
                    + outcome.conflictPaths() + "; commit or stash them and the queue resumes");
            case RESTACKED -> {
                roadmap.update(board -> {
                    board.log(Event.of(clock, EventType.RESTACK, worker, entry.taskId(), null, details("entry",
                            entry.id(), "branch", entry.branch(), "onto", entry.base(), "below", entry.stackedOn())));
                    return null;
                });
                terminal.accept(who + ": restacked " + entry.branch() + " (" + entry.taskId() + ") onto "
                        + (entry.stackedOn() == null ? worktrees.targetBranch() : "the branch of " + entry.stackedOn())
                        + " at " + entry.base().substring(0, 7));
            }
            case CONFLICT, TEST_FAILED -> sendBack(outcome, worker, who);
        }
    }

    /**
     * Deletes a branch whose landing is recorded, unless branches are kept or a worktree has it
     * checked out (a kept worktree, a person's); only after the record, so that a worker that dies
     * first leaves the branch for the next drain to find merged.
     *
     * @return what to add to the report of the merge
     */
    private String deleteLanded(String branch) {
        if (keepBranches) {
            return "";
        }
        try {
            if (worktrees.checkedOutBranches().containsKey(branch)) {
                return "; branch kept (checked out in a worktree)";
            }
            if (!worktrees.isMerged(branch)) {
                return "; branch kept (it gained commits since)";
            }
            worktrees.deleteBranch(branch);
            return "; branch deleted";
        } catch (IllegalStateException | UncheckedIOException e) {
            return "; could not delete the branch: " + e.getMessage();
        }
    }

    private void sendBack(MergeOutcome outcome, String worker, String who) {
        MergeEntry entry = outcome.entry();
        boolean conflict = outcome.kind() == MergeOutcome.Kind.CONFLICT;
        String merge = conflict ? "conflict" : "test_failed";
        String against = outcome.against() == null ? worktrees.targetBranch() : outcome.against();
        String problem = conflict ? (outcome.against() == null ? "conflicts with " : "does not restack onto ") + against
                + " in " + outcome.conflictPaths()
                : "fails the test command: " + firstLine(outcome.failureTail());
        boolean rebase = outcome.strategy() == ConflictStrategy.REBASE;
        String branch = entry.branch();
        if (rebase && worktrees.branchExists(branch)) {
            // the next attempt starts fresh from the new target on the task's branch name; the old work stays here
            branch = worktrees.setAside(branch, conflict ? "conflict" : "test-failed");
            queue.write(entry.withBranch(branch));
        }
        String keptBranch = branch;
        // computed before the roadmap transaction: a merge of a big tree must not hold the roadmap lock
        String hunks = !conflict ? "" : !outcome.hunks().isEmpty() ? outcome.hunks()
                : ConflictHunks.of(worktrees.repoDir(), worktrees.targetBranch(), keptBranch);
        Trigger trigger = conflict ? Trigger.MERGE_CONFLICT : Trigger.MERGE_TEST_FAILED;
        String newStatus = roadmap.update(board -> {
            Optional<TaskState> task = currentTask(board, entry);
            String status = null;
            Map<String, Object> detail = details("entry", entry.id(), "branch", keptBranch, "target",
                    worktrees.targetBranch(), "kind", merge, "strategy",
                    outcome.strategy().name().toLowerCase(Locale.ROOT), "status", null);
            if (conflict) {
                detail.put("paths", outcome.conflictPaths());
            } else {
                detail.put("failure", firstLine(outcome.failureTail()));
            }
            if (task.isEmpty()) {
                // the task moved on (or is gone): the entry and this event alone record the problem
                board.log(Event.of(clock, EventType.MERGE_CONFLICT, worker, entry.taskId(), null, detail));
                return null;
            }
            TaskState t = task.get();
            // the attempt that made the branch is spent; a retry is a new one, within max_attempts
            ReactionDecision decision = reactions.react(board, t, trigger, t.attempts(),
                    rebase ? null : "worktree.on_conflict is escalate");
            status = decision.retry() ? Runnability.PENDING : Runnability.BLOCKED;
            String summary = "branch " + keptBranch + " " + problem + (decision.retry() ? "; a new attempt starts from "
                    + worktrees.targetBranch() : rebase ? "; " + decision.blockedSummary(t.id(), null)
                    : "; needs a person (see wvo merge-queue list)");
            board.finish(t.id(), status, t.attempts(), new TaskBoard.Result(merge, clock.instant(), summary, List.of()));
            board.recordMerge(t.id(), new MergeState(keptBranch, merge));
            writeFeedback(t, outcome, keptBranch, against, hunks);
            detail.put("status", status);
            board.log(Event.of(clock, EventType.MERGE_CONFLICT, worker, entry.taskId(), null, detail));
            if (!decision.retry()) {
                board.log(NeedsAttention.event(clock, worker, entry.taskId(), t.attempts(), decision, summary));
            }
            return status;
        });
        terminal.accept(who + ": " + entry.taskId() + " not merged: " + keptBranch + " " + problem
                + (newStatus == null ? "" : "; task now " + newStatus));
    }

    /** The task, if it still stands where this entry left it: done (or blocked) on the entry's branch. */
    private static Optional<TaskState> currentTask(TaskBoard board, MergeEntry entry) {
        return board.task(entry.taskId()).filter(t -> t.claim() == null).filter(t -> MergeState.of(t).on(entry.branch()));
    }

    /** @param hunks the conflicting hunks of a conflict ({@link ConflictHunks}), empty when unknown */
    private void writeFeedback(TaskState task, MergeOutcome outcome, String branch, String against, String hunks) {
        // what tells the next attempt why its branch did not land
        StateDir.AttemptDir attempt = state.attempt(task.id(), Math.max(1, task.attempts()));
        Path file = attempt.feedback();
        StringBuilder text = new StringBuilder();
        if (outcome.kind() == MergeOutcome.Kind.CONFLICT) {
            text.append("Your branch ").append(branch).append(" conflicted with ").append(against)
                    .append(outcome.against() == null ? "" : ", the branch it is stacked on,")
                    .append(" in these files:\n");
            outcome.conflictPaths().forEach(p -> text.append("  ").append(p).append('\n'));
            if (!hunks.isEmpty()) {
                text.append("The conflicting hunks (").append(against).append(" first, then your branch):\n")
                        .append(hunks);
            }
        } else {
            text.append("The test command failed on ").append(worktrees.targetBranch()).append(" merged with ")
                    .append(branch).append(". Its whole output is in ").append(attempt.mergeTestLog())
                    .append("; the end of it:\n").append(outcome.failureTail());
        }
        try {
            AtomicWrite.write(file, text.toString().getBytes(StandardCharsets.UTF_8));
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
