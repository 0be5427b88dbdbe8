package dev.wvo.git;

import dev.wvo.schedule.MergeState;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;

import java.util.Optional;

/**
 * What a person does to the merge queue ({@code wvo merge-queue retry|drop}), with the task's
 * {@code merge:} state following the entry.
 */
public final class MergeQueueRequests {

    private final MergeQueueStore queue;
    private final TaskBoardStore roadmap;

    public MergeQueueRequests(MergeQueueStore queue, TaskBoardStore roadmap) {
        this.queue = queue;
        this.roadmap = roadmap;
    }

    /**
     * Puts a conflicting or failed entry back in the queue; its task becomes done with
     * {@code merge: queued} (a blocked task is unblocked), so the next worker lands it.
     *
     * @throws IllegalArgumentException for an unknown id, a merged entry, or a task that moved on to a new attempt
     */
    public MergeEntry retry(String id) {
        MergeEntry entry = queue.find(id).orElseThrow(() -> unknown(id));
        if (entry.status() == MergeEntry.Status.MERGED) {
            throw new IllegalArgumentException("Merge-queue entry " + id + " is already merged (" + entry.mergedCommit()
                    + "); nothing to retry");
        }
        roadmap.update(board -> {
            Optional<TaskState> task = board.tasks().stream().filter(t -> t.id().equals(entry.taskId())).findFirst();
            if (task.isPresent()) {
                TaskState t = task.get();
                Object branch = t.view().extra().get("branch");
                if (Runnability.IN_PROGRESS.equals(t.status()) || !entry.branch().equals(String.valueOf(branch))) {
                    throw new IllegalArgumentException("Task " + t.id() + " has moved on (status " + t.status()
                            + ", branch " + branch + "): retrying " + entry.branch() + " would land outdated work; "
                            + "drop the entry with 'wvo merge-queue drop " + id + "'");
                }
                if (!Runnability.DONE.equals(t.status())) {
                    board.finish(t.id(), Runnability.DONE, t.attempts(), null);
                }
                board.recordMerge(t.id(), MergeState.queued(entry.branch()));
            }
            return null;
        });
        return queue.retry(id);
    }

    /**
     * Removes an entry. Its branch is kept. When the task still stands on that branch, its
     * {@code merge:} field is removed and its status left as it is: a done task then counts as done
     * (as if its branch was merged by hand), a blocked or pending one stays so.
     *
     * @return the removed entry
     * @throws IllegalArgumentException for an unknown id
     */
    public MergeEntry drop(String id) {
        MergeEntry entry = queue.find(id).orElseThrow(() -> unknown(id));
        roadmap.update(board -> {
            board.tasks().stream().filter(t -> t.id().equals(entry.taskId()))
                    .filter(t -> entry.branch().equals(String.valueOf(t.view().extra().get("branch"))))
                    .filter(t -> !Runnability.MERGE_MERGED.equals(t.view().extra().get("merge")))
                    .findFirst().ifPresent(t -> board.recordMerge(t.id(), new MergeState(entry.branch(), null)));
            return null;
        });
        queue.drop(id);
        return entry;
    }

    private static IllegalArgumentException unknown(String id) {
        return new IllegalArgumentException("No merge-queue entry '" + id + "'; see 'wvo merge-queue list' for the ids");
    }
}
