package dev.wvo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code git} command in a benchmark's repository. */
final class Git {

    private Git() {
    }

    /** Runs {@code git args} in {@code repo}; its output, or an exception with it if git fails. */
    static String run(Path repo, String... args) throws IOException, InterruptedException {
        Process p = start(repo, args);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed in " + repo + ":\n" + output);
        }
        return output;
    }

    /** Whether {@code git args} succeeds in {@code repo}. */
    static boolean succeeds(Path repo, String... args) throws IOException, InterruptedException {
        Process p = start(repo, args);
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    private static Process start(Path repo, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
