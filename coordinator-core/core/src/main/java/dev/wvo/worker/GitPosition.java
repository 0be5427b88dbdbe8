package dev.wvo.worker;

import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a directory's git checkout stands: its branch (null when {@code HEAD} is detached) and
 * its {@code HEAD} commit. An attempt records it when it starts, as the base its changes are
 * measured against.
 */
record GitPosition(String branch, String commit) {

    /** The position of the repository containing {@code dir}; empty when there is none, or no commit yet. */
    static Optional<GitPosition> of(Path dir) {
        try (Repository repo = open(dir)) {
            if (repo == null) {
                return Optional.empty();
            }
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
