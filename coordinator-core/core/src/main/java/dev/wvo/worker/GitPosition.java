package dev.wvo.worker;

import dev.wvo.git.TaskWorkspace;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the git checkout of an attempt's place stands: its branch (null when {@code HEAD} is
 * detached) and its {@code HEAD} commit. An attempt records it when it starts, as the base its changes are
 * measured against.
 */
record GitPosition(String branch, String commit) {

    /** The position of the place's repository; empty when there is none, or no commit yet. */
    static Optional<GitPosition> of(TaskWorkspace.Place place) {
        try {
            Repository repo = place.repository();
            ObjectId head = repo.resolve("HEAD");
            if (head == null) {
                return Optional.empty();
            }
            String full = repo.getFullBranch();
            String branch = full != null && full.startsWith("refs/heads/") ? Repository.shortenRefName(full) : null;
            return Optional.of(new GitPosition(branch, head.name()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable repository gives no base; the attempt runs all the same
        }
    }

    /** The repository containing {@code dir}, or null. */
    static Repository open(Path dir) throws IOException {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toAbsolutePath().toFile());
        return builder.getGitDir() == null ? null : builder.setMustExist(true).build();
    }
}
