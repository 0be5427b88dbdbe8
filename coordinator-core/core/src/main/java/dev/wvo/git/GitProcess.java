package dev.wvo.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code git} executable (and the pull request command). Used only for linked worktrees
 * (add/remove/prune), bringing a clean checkout to a new commit ({@code read-tree -m -u}), and
 * pushing to a remote, which JGit cannot do or does differently from the user's git (credentials,
 * hooks); see docs/worktrees.md.
 */
final class GitProcess {
    private GitProcess() {
    }

    /** Result of a process run. */
    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    static Result run(Path dir, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("git");
        argv.addAll(List.of(args));
        return exec(dir, argv);
    }

    static Result exec(Path dir, List<String> argv) {
        return exec(dir, argv, java.util.Map.of());
    }

    /** Runs {@code argv} with these variables added to the environment. */
    static Result exec(Path dir, List<String> argv, java.util.Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(p.waitFor(), out);
        } catch (IOException e) {
            return new Result(-1, "Cannot run " + argv + " in " + dir + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "Interrupted running " + argv);
        }
    }

    static Result checked(Path dir, String... args) {
        Result r = run(dir, args);
        if (!r.ok()) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + dir + ": " + r.output());
        }
        return r;
    }
}
