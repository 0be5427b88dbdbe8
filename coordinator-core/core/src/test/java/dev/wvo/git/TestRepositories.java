package dev.wvo.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.StoredConfig;

/** Git repositories for the tests, made with JGit. */
public final class TestRepositories {

    private TestRepositories() {
    }

    /**
     * A new repository in {@code repo} on branch {@code main}, with a committer of its own and
     * signing off (whatever the user's configuration says), and one commit, "init", of
     * {@code files} (paths relative to {@code repo}, to their text).
     */
    public static void init(Path repo, Map<String, String> files) throws IOException, GitAPIException {
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            StoredConfig c = git.getRepository().getConfig();
            c.setString("user", null, "name", "Test");
            c.setString("user", null, "email", "test@example.com");
            c.setBoolean("commit", null, "gpgsign", false);
            c.save();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = repo.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue());
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("init").setSign(false).call();
        }
    }
}
