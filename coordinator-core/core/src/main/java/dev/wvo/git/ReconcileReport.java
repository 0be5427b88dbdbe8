package dev.wvo.git;

import java.nio.file.Path;

/**
 * One unclaimed worktree found at worker start.
 *
 * @param path worktree directory
 * @param branch its branch
 * @param uncommittedChanges it had uncommitted changes (kept)
 * @param unmergedCommits its branch holds commits not in the target (kept)
 * @param removed it was clean and merged, and was removed
 */
public record ReconcileReport(Path path, String branch, boolean uncommittedChanges, boolean unmergedCommits,
        boolean removed) {
}
