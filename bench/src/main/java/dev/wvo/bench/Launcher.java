package dev.wvo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The {@code ./wvo} launcher, as the harnesses that start wvo the way a user does call it. */
final class Launcher {

    private Launcher() {
    }

    /** The launcher at {@code path}; run the harnesses from the repository root, or give {@code --wvo PATH}. */
    static Path find(String path) {
        Path launcher = Path.of(path).toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " not found: run from the repository root, or give --wvo PATH");
        }
        return launcher;
    }

    /** The {@code java} the launcher runs: {@code $JAVA_HOME/bin/java} if set, else the one on the PATH. */
    static String java() {
        String home = System.getenv("JAVA_HOME");
        if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
            return Path.of(home, "bin", "java").toString();
        }
        return "java";
    }

    /** Runs the launcher with {@code args} and waits; fails with its output if it does not exit with 0. */
    static String run(Path launcher, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
        return output;
    }

    /**
     * Runs the launcher until its class-data archives exist and are fresh (no newer than its jar and
     * libraries, as the launcher judges them), the commands' and the workers': it builds wvo if
     * needed, and makes an archive in the background after a run of its kind finds none or a stale
     * one, so a measurement before it would time a start-up no user sees twice. Says what it waits
     * for when the first run did not find it.
     */
    static void awaitClassDataArchives(Path launcher) throws IOException, InterruptedException {
        Path scratch = BenchDirectory.create("cds-");
        Files.writeString(scratch.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: done\n    status: done\n");
        run(launcher, "init", "--from", scratch.resolve("roadmap.yaml").toString(), "--state", scratch.resolve("state").toString());
        Files.createDirectories(scratch.resolve("work"));
        await(launcher, "command", () -> run(launcher, "--version"));
        await(launcher, "worker", () -> run(launcher, "worker", "--state", scratch.resolve("state").toString(), "--agent", "shell",
                "--exit-when-idle", "--workdir", scratch.resolve("work").toString()));
        BenchDirectory.delete(scratch);
    }

    private interface Run {
        void run() throws IOException, InterruptedException;
    }

    private static void await(Path launcher, String kind, Run run) throws IOException, InterruptedException {
        Path target = launcher.getParent().resolve("cli/target");
        int runs = 60;
        for (int attempt = 0; attempt < runs; attempt++) {
            run.run();
            if (freshArchive(target, kind)) {
                return;
            }
            if (attempt == 0) {
                System.out.println("# waiting for the launcher's class-data archive of " + kind + " runs in " + target
                        + " (made in the background after a run finds none or a stale one; up to " + runs + " runs)");
            }
            Thread.sleep(1000);
        }
        System.out.println("# no fresh class-data archive for " + kind + " runs appeared in " + target + " after " + runs
                + " runs: measured without one");
    }

    /** Whether an archive of {@code kind} is there and no older than the jar, the library directory and its jars. */
    private static boolean freshArchive(Path target, String kind) throws IOException {
        FileTime built = Files.getLastModifiedTime(target.resolve("wvo-cli.jar"));
        try (Stream<Path> libs = Stream.concat(Stream.of(target.resolve("lib")), Files.list(target.resolve("lib")))) {
            for (Path lib : (Iterable<Path>) libs::iterator) {
                FileTime t = Files.getLastModifiedTime(lib);
                built = t.compareTo(built) > 0 ? t : built;
            }
        }
        FileTime newest = built;
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("wvo-cds-" + kind + "-.*\\.jsa"))
                    .anyMatch(f -> {
                        try {
                            return Files.getLastModifiedTime(f).compareTo(newest) >= 0;
                        } catch (IOException gone) {
                            return false; // replaced by a new one meanwhile: the next look finds that
                        }
                    });
        }
    }
}
