package dev.wvo.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a worker isolates tasks in git worktrees: the {@code worktree:} section of
 * {@code state/config.yaml}, with {@code wvo worker --worktree/--repo} over it.
 *
 * @param mode          when a task gets its own worktree
 * @param repo          a directory inside the repository, or empty for the worker's working directory
 * @param targetBranch  the branch results return to, or empty for the repository's current branch
 * @param testCommand   argv run on each merge result before the target moves, or empty for none
 * @param testTimeout   how long the test command may run before its whole process tree is stopped
 *                      and the merge counts as failing its test
 * @param onConflict    what becomes of a task whose branch conflicts or fails the test command
 * @param keepWorktrees keep task worktrees after their attempt instead of removing them
 */
public record WorktreeSettings(WorktreeMode mode, Optional<Path> repo, Optional<String> targetBranch,
                               Optional<List<String>> testCommand, Duration testTimeout,
                               ConflictStrategy onConflict, boolean keepWorktrees) {

    /** The name of the section in config.yaml. */
    static final String SECTION = "worktree";
    /**
     * How long a test command may run when {@code test_timeout} is not set: long enough for a real
     * suite, short enough that a hung one does not stop every worker's landing for long.
     */
    public static final Duration DEFAULT_TEST_TIMEOUT = Duration.ofMinutes(30);

    public WorktreeSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(onConflict, "onConflict");
        Objects.requireNonNull(testTimeout, "testTimeout");
        testCommand = testCommand.map(List::copyOf);
    }

    /** Worktrees off, every other setting at its default. */
    public static WorktreeSettings off() {
        return new WorktreeSettings(WorktreeMode.OFF, Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_TEST_TIMEOUT, ConflictStrategy.REBASE, false);
    }

    /**
     * Reads the {@code worktree:} section; absent means {@link #off()}.
     *
     * @throws ConfigException naming file:line of a bad value
     */
    static WorktreeSettings read(ConfigFile config) {
        WorktreeSettings s = off();
        Optional<ConfigFile.Entry> section = config.root().child(SECTION);
        if (section.isEmpty()) {
            return s;
        }
        ConfigFile.Entry w = section.get().onlyKeys("mode", "target_branch", "test_command", "test_timeout",
                "on_conflict", "keep_worktrees");
        WorktreeMode mode = w.child("mode").map(e -> parseMode(e.choice("off", "always", "on-conflict"))).orElse(s.mode);
        Optional<String> target = w.child("target_branch").map(ConfigFile.Entry::text).map(String::strip);
        Optional<List<String>> test = w.child("test_command").map(e -> {
            // a single string runs through sh, so that pipes and && work as typed; a list is argv
            List<String> argv = e.isList() ? e.texts() : List.of("sh", "-c", e.text());
            if (argv.isEmpty() || argv.get(0).isBlank()) {
                throw e.problem("is empty; give a command such as `mvn -q test`, or leave the key out");
            }
            return argv;
        });
        Duration timeout = w.child("test_timeout").map(e -> {
            Duration d = e.duration();
            if (d.isZero()) {
                throw e.problem("is 0; give the longest a test run may take, such as 30m, or leave the key out");
            }
            return d;
        }).orElse(s.testTimeout);
        ConflictStrategy strategy = w.child("on_conflict")
                .map(e -> ConflictStrategy.valueOf(e.choice("rebase", "escalate").toUpperCase(Locale.ROOT)))
                .orElse(s.onConflict);
        boolean keep = w.child("keep_worktrees").map(ConfigFile.Entry::bool).orElse(false);
        return new WorktreeSettings(mode, Optional.empty(), target, test, timeout, strategy, keep);
    }

    /**
     * Parses a mode as typed on the command line or in the file.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static WorktreeMode parseMode(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "off" -> WorktreeMode.OFF;
            case "always" -> WorktreeMode.ALWAYS;
            case "on-conflict", "on_conflict" -> WorktreeMode.ON_CONFLICT;
            default -> throw new IllegalArgumentException("Unknown worktree mode '" + text
                    + "'; use off, always or on-conflict");
        };
    }

    /** These settings with the command line's mode and repository, where given. */
    public WorktreeSettings withOverrides(Optional<WorktreeMode> cliMode, Optional<Path> cliRepo) {
        return new WorktreeSettings(cliMode.orElse(mode), cliRepo.isPresent() ? cliRepo : repo, targetBranch,
                testCommand, testTimeout, onConflict, keepWorktrees);
    }

    /** Whether any task may run in a worktree. */
    public boolean enabled() {
        return mode != WorktreeMode.OFF;
    }
}
