package dev.wvo.git;

import java.time.Instant;
import java.util.List;

/**
 * One branch waiting in the merge queue, stored as one JSON file.
 *
 * @param id entry id (also the file name without {@code .json})
 * @param taskId the task whose branch this is
 * @param branch the task branch, e.g. {@code wvo/w1/T-1}
 * @param priority higher merges first
 * @param enqueuedAt age tie-breaker: older merges first
 * @param status current status
 * @param conflictPaths paths in conflict when status is CONFLICT
 * @param failureTail tail of the test command output when status is TEST_FAILED
 * @param mergedCommit the target commit after merging, when MERGED
 * @param base the commit the branch's own work starts from (where its worktree began, or where it was
 *             last restacked); null for an entry written before wvo kept it
 * @param stackedOn the task whose branch this one is stacked on, while that branch has not landed;
 *                  null for a branch of the target
 */
public record MergeEntry(String id, String taskId, String branch, int priority, Instant enqueuedAt,
        Status status, List<String> conflictPaths, String failureTail, String mergedCommit, String base,
        String stackedOn) {

    /** Lifecycle of an entry. */
    public enum Status { QUEUED, MERGED, CONFLICT, TEST_FAILED }

    public MergeEntry {
        conflictPaths = conflictPaths == null ? List.of() : List.copyOf(conflictPaths);
    }

    MergeEntry withBranch(String newBranch) {
        return new MergeEntry(id, taskId, newBranch, priority, enqueuedAt, status, conflictPaths, failureTail,
                mergedCommit, base, stackedOn);
    }

    MergeEntry withOutcome(Status newStatus, List<String> paths, String tail, String commit) {
        return new MergeEntry(id, taskId, branch, priority, enqueuedAt, newStatus, paths, tail, commit, base,
                stackedOn);
    }

    /** This entry restacked: its own work now starts from {@code newBase}, on the branch below or (null) the target. */
    MergeEntry restacked(String newBase, String newStackedOn) {
        return new MergeEntry(id, taskId, branch, priority, enqueuedAt, status, conflictPaths, failureTail,
                mergedCommit, newBase, newStackedOn);
    }
}
