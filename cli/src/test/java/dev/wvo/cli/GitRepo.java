package dev.wvo.cli;

import dev.wvo.gitmerge.GitMergeSetup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real git repository in a test directory, driven with the {@code git} command, whose merge
 * drivers run this test's class path ({@code java -cp ... dev.wvo.cli.Main merge-driver ...}).
 */
final class GitRepo {

    /** What a git command printed and returned. */
    record Run(int exitCode, String output) {
    }

    final Path dir;

    private GitRepo(Path dir) {
        this.dir = dir;
    }

    /** {@code git init} on branch main, with an identity, and wvo's merge drivers set up for {@code state/}. */
    static GitRepo create(Path dir) throws Exception {
        GitRepo repo = new GitRepo(dir);
        repo.git("init", "-q", "-b", "main");
        repo.git("config", "user.name", "Test");
        repo.git("config", "user.email", "test@example.com");
        repo.git("config", "commit.gpgsign", "false");
        String launcher = String.join(" ", quoted(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", quoted(System.getProperty("java.class.path")),
                Main.class.getName());
        GitMergeSetup.install(dir, dir.resolve("state"), launcher);
        return repo;
    }

    Path file(String path) {
        return dir.resolve(path);
    }

    String read(String path) throws IOException {
        return Files.readString(file(path), StandardCharsets.UTF_8);
    }

    void write(String path, String text) throws IOException {
        Files.createDirectories(file(path).getParent());
        Files.writeString(file(path), text, StandardCharsets.UTF_8);
    }

    void commitAll(String message) throws Exception {
        git("add", "-A");
        git("commit", "-q", "-m", message);
    }

    /** Runs git; fails the test if it does not succeed. */
    String git(String... args) throws Exception {
        Run run = tryGit(args);
        if (run.exitCode() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed (" + run.exitCode() + "): " + run.output());
        }
        return run.output();
    }

    /** Runs git and returns what happened, success or not. */
    Run tryGit(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        // the user's own git configuration must not change what the test sees
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().remove(WvoCommand.STATE_ENV);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("git " + String.join(" ", args) + " did not end within 120 s: " + output);
        }
        return new Run(process.exitValue(), output);
    }

    private static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
