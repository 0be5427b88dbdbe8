package dev.wvo.fs;

import dev.wvo.lock.ResourceNames;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

/**
 * The layout of a state directory, the one place every process meets: the roadmap, the shared
 * context, locks, worker files, the event log, attempt artifacts, the merge queue, rate limits
 * and settings. No path of a state file is spelled anywhere else (see docs/state-format.md).
 */
public final class StateDir {

    /** The text of a new, empty roadmap in the native layout. */
    public static final String EMPTY_ROADMAP = "version: 2\ntasks: []\n";
    /** The text of a new shared context. */
    public static final String EMPTY_CONTEXT = "# Shared context\n\n## Recent Updates\n";

    private static final String README = """
            # wvo state directory

            Shared by every wvo worker and command; see docs/cli.md of the wvo project.

            - roadmap.yaml: the tasks (edit by hand or with `wvo task add`)
            - context.md: notes every worker reads and adds to
            - events.jsonl: what happened, one JSON object per line
            - locks/, workers/, artifacts/: runtime data; do not commit these
            """;

    private final Path root;

    public StateDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path roadmap() {
        return root.resolve("roadmap.yaml");
    }

    /** The parsed roadmap kept for the commands that only read it (runtime, beside the locks: never committed). */
    public Path roadmapCache() {
        return locks().resolve("roadmap.cache");
    }

    public Path context() {
        return root.resolve("context.md");
    }

    public Path locks() {
        return root.resolve("locks");
    }

    /**
     * Where the roadmap's transactions journal their events until they are appended (runtime,
     * inside {@code locks/}): a directory of its own, so that the look for journals a killed writer
     * left, which every transaction makes, reads a few entries and not every lock and guard file
     * of the ownership locks (one per path a task ever owned).
     */
    public Path journals() {
        return locks().resolve("journals");
    }

    public Path workers() {
        return root.resolve("workers");
    }

    public Path events() {
        return root.resolve("events.jsonl");
    }

    public Path artifacts() {
        return root.resolve("artifacts");
    }

    public Path config() {
        return root.resolve("config.yaml");
    }

    /** Requests to workers: {@code workers/control/<id>}, and {@code all}. */
    public Path workerControl() {
        return workers().resolve("control");
    }

    /** What a worker started in the background (by the shell's spawn, or the demo) prints: {@code workers/<id>.log}. */
    public Path workerLog(String workerId) {
        return workers().resolve(workerId + ".log");
    }

    /** The workers {@code wvo up} started, by id: what {@code wvo down} stops and {@code wvo ps} lists first. */
    public Path pool() {
        return root.resolve("pool.json");
    }

    /** The lines typed into {@code wvo shell}, kept between sessions. */
    public Path shellHistory() {
        return root.resolve(".shell-history");
    }

    /** The merge queue, one {@code <id>.json} per entry. */
    public Path mergeQueue() {
        return root.resolve("merge-queue");
    }

    /** Which accounts of the agent backends are limited, until when and why. */
    public Path rateLimits() {
        return root.resolve("rate-limits.json");
    }

    /** What was announced to the pool once: pool-wide events, notifications sent, and how many were held back. */
    public Path announcements() {
        return root.resolve("announcements.json");
    }

    /** Plugins of this state directory only, loaded after the others. */
    public Path plugins() {
        return root.resolve("plugins");
    }

    /**
     * Where a task's attempts keep what they leave behind: {@code artifacts/<task>/}. Task ids are
     * encoded as lock names are, so that any id makes one safe directory name.
     */
    public Path taskArtifacts(String taskId) {
        return artifacts().resolve(ResourceNames.encode(taskId));
    }

    /** Where one attempt of a task keeps what it leaves behind: {@code artifacts/<task>/<attempt>/}. */
    public AttemptDir attempt(String taskId, int attempt) {
        return new AttemptDir(taskArtifacts(taskId).resolve(Integer.toString(attempt)));
    }

    /**
     * The files of one attempt's artifacts directory. A stage of a pipeline has a directory of the
     * same layout inside it ({@code <n>-<stage>/}), and so does each hop of a fallback chain after
     * the first ({@code hop-<n>-<backend>/}).
     *
     * @param directory the directory, which need not exist yet
     */
    public record AttemptDir(Path directory) {

        /** The prompt the agent was given. */
        public Path prompt() {
            return directory.resolve("prompt.txt");
        }

        /** The agent's output, secrets masked. */
        public Path output() {
            return directory.resolve("output.log");
        }

        /** The attempt's record: who ran it, from which commit, how it ended. */
        public Path record() {
            return directory.resolve("attempt.json");
        }

        /** What the agent was told about the attempt before this one. */
        public Path brief() {
            return directory.resolve("previous-attempt.md");
        }

        /**
         * What judged the attempt after it ended (the merge queue, after a conflict or a failing
         * test) tells the next one.
         */
        public Path feedback() {
            return directory.resolve("feedback.txt");
        }

        /** The description of the pull request opened for this attempt's branch ({@code worktree.pull_request}). */
        public Path pullRequestBody() {
            return directory.resolve("pull-request.md");
        }

        /** The whole output of the merge queue's test command on this attempt's branch, its last run. */
        public Path mergeTestLog() {
            return directory.resolve("merge-test.log");
        }

        /** Where a command may list the paths it changed, one per line. */
        public Path changedFiles() {
            return directory.resolve("changed-files.txt");
        }

        /** Copies of the files the attempt changed, for the conflict check between attempts. */
        public Path keptFiles() {
            return directory.resolve("files");
        }

        /** The directory of a pipeline's stage {@code number} (from 1). */
        public AttemptDir stage(int number, String name) {
            return new AttemptDir(directory.resolve(number + "-" + name));
        }

        /**
         * The number of the next hop run here: 1 while this directory's own output is free, else
         * one past its hop directories.
         */
        public int nextHop() throws IOException {
            if (!Files.exists(output())) {
                return 1;
            }
            try (Stream<Path> entries = Files.list(directory)) {
                return 2 + (int) entries.filter(p -> p.getFileName().toString().startsWith("hop-") && Files.isDirectory(p))
                        .count();
            }
        }

        /** The directory of hop {@code number} (from 2) of a fallback chain, run by {@code backend}. */
        public AttemptDir hop(int number, String backend) {
            return new AttemptDir(directory.resolve("hop-" + number + "-" + backend));
        }
    }

    /**
     * Creates the directory (owner-only where the file system has POSIX permissions, since
     * prompts and agent output may hold secrets), the shared context, {@code locks/},
     * {@code workers/} and a README; an existing context is kept. The roadmap is not written
     * here: it is written as a transaction of its store, under its lock, beside running workers.
     *
     * @param force replace an existing roadmap (checked again when it is written)
     * @throws FileAlreadyExistsException if a roadmap exists and {@code force} is false; nothing is created
     */
    public void init(boolean force) throws IOException {
        if (Files.exists(roadmap()) && !force) {
            throw new FileAlreadyExistsException(roadmap().toString(), null,
                    "a roadmap exists already; pass --force to replace it (the old one is kept as roadmap.yaml.bak)");
        }
        for (Path dir : List.of(root, locks(), workers())) {
            Files.createDirectories(dir);
            ownerOnly(dir);
        }
        if (!Files.exists(context())) {
            AtomicWrite.write(context(), EMPTY_CONTEXT.getBytes(StandardCharsets.UTF_8));
        }
        if (!Files.exists(root.resolve("README.md"))) {
            AtomicWrite.write(root.resolve("README.md"), README.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void ownerOnly(Path dir) throws IOException {
        if (Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
