package dev.wvo.spi;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the git work tree a directory is in, the way git's own discovery does: walking up from
 * the directory, the first {@code .git} that is a repository (a directory holding {@code HEAD},
 * {@code objects} and {@code refs}) or a pointer to one (a file starting {@code gitdir:}, as in a
 * linked worktree or a submodule) marks the top.
 *
 * <p>Not any {@code .git}: codex's Linux sandbox makes an empty {@code .git} directory under each
 * writable root it protects, {@code /tmp} among them, for as long as a command runs; a check that
 * only asked whether {@code .git} exists saw {@code /tmp/.git} and took every directory under
 * {@code /tmp} for a git work tree, so a second codex worker on the machine was started without
 * {@code --skip-git-repo-check} and refused to run.
 */
public final class GitWorkTrees {

    private GitWorkTrees() {
    }

    /** The top of the work tree holding {@code dir}, or empty when no repository holds it. */
    public static Optional<Path> topOf(Path dir) {
        for (Path p = dir.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (isRepository(p.resolve(".git"))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean isRepository(Path dotGit) {
        if (Files.isDirectory(dotGit)) {
            return Files.isRegularFile(dotGit.resolve("HEAD")) && Files.isDirectory(dotGit.resolve("objects"))
                    && Files.isDirectory(dotGit.resolve("refs"));
        }
        if (Files.isRegularFile(dotGit)) {
            try {
                return Files.readString(dotGit).startsWith("gitdir:");
            } catch (IOException | RuntimeException unreadable) {
                // an unreadable or undecodable .git file points nowhere git could follow either
                return false;
            }
        }
        return false;
    }
}
