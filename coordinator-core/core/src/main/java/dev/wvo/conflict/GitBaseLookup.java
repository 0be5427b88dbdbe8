package dev.wvo.conflict;

import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;

/** Bases read from one commit of a git repository (the commit the attempts branched from). */
public final class GitBaseLookup implements BaseLookup {

    private final Repository repository;
    private final RevCommit commit;

    private GitBaseLookup(Repository repository, RevCommit commit) {
        this.repository = repository;
        this.commit = commit;
    }

    /**
     * Bases at {@code revision} (a branch, tag, commit id or expression such as {@code HEAD~2}).
     *
     * @throws IllegalArgumentException if the revision does not name a commit in the repository
     */
    public static GitBaseLookup at(Repository repository, String revision) throws IOException {
        Objects.requireNonNull(repository, "repository");
        ObjectId id = repository.resolve(revision);
        if (id == null) {
            throw new IllegalArgumentException("No commit '" + revision + "' in " + repository.getDirectory()
                    + " (check the base branch name)");
        }
        try (RevWalk walk = new RevWalk(repository)) {
            return new GitBaseLookup(repository, walk.parseCommit(id));
        }
    }

    /** The content at the commit; empty bytes if the path did not exist in it. */
    @Override
    public Optional<byte[]> baseOf(String path) throws IOException {
        return Optional.of(GitBlobs.read(repository, commit, path));
    }

    static final class GitBlobs {
        private GitBlobs() {
        }

        /** The blob at {@code path} in {@code commit}'s tree, or empty bytes if there is none. */
        static byte[] read(Repository repository, RevCommit commit, String path) throws IOException {
            try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
                if (walk == null) {
                    return new byte[0];
                }
                return repository.open(walk.getObjectId(0), Constants.OBJ_BLOB).getBytes();
            }
        }
    }
}
