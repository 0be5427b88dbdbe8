package dev.wvo.conflict;

import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.util.io.DisabledOutputStream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An attempt's changed files read from git: what changed between the commit it started from and
 * the commit it ended at (for example its worktree branch), with the base content of each file.
 */
public final class GitChanges {

    private GitChanges() {
    }

    /**
     * The files that differ between {@code baseRevision} and {@code attemptRevision}. Renames are
     * reported as a deletion and an addition, so that both paths are checked.
     *
     * @throws IllegalArgumentException if a revision does not name a commit
     */
    public static AttemptArtifacts between(Repository repository, AttemptId attempt, String baseRevision,
                                           String attemptRevision) throws IOException {
        try (RevWalk walk = new RevWalk(repository);
             DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
            RevCommit base = walk.parseCommit(resolve(repository, baseRevision));
            RevCommit head = walk.parseCommit(resolve(repository, attemptRevision));
            diff.setRepository(repository);
            diff.setDetectRenames(false);
            List<ChangedFile> files = new ArrayList<>();
            for (DiffEntry entry : diff.scan(base.getTree(), head.getTree())) {
                files.add(switch (entry.getChangeType()) {
                    case DELETE -> new ChangedFile(entry.getOldPath(), null,
                            GitBaseLookup.GitBlobs.read(repository, base, entry.getOldPath()));
                    default -> new ChangedFile(entry.getNewPath(),
                            repository.open(entry.getNewId().toObjectId(), Constants.OBJ_BLOB).getBytes(),
                            GitBaseLookup.GitBlobs.read(repository, base, entry.getNewPath()));
                });
            }
            return new AttemptArtifacts(attempt, files);
        }
    }

    private static ObjectId resolve(Repository repository, String revision) throws IOException {
        ObjectId id = repository.resolve(revision);
        if (id == null) {
            throw new IllegalArgumentException("No commit '" + revision + "' in " + repository.getDirectory());
        }
        return id;
    }
}
