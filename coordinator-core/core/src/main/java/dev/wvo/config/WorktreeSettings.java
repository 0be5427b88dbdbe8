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
 * @param keepBranches  keep a task's branch after it landed instead of deleting it
 * @param testRetries   how many more times a failing test command runs before the merge counts as
 *                      failed (a flaky suite); each run's output is kept
 * @param rebase        land a branch the target moved away from by rebasing it onto the target
 *                      ({@code land: rebase}, the default); false lands it with a merge commit
 * @param pushTo        the git remote each task branch is pushed to once queued, or empty for none
 * @param pullRequest   the argv run to open a pull request for a pushed branch, with the
 *                      {@link #PULL_REQUEST_PLACEHOLDERS} replaced in each word; empty for none
 */
public record WorktreeSettings(WorktreeMode mode, Optional<Path> repo, Optional<String> targetBranch,
                               Optional<List<String>> testCommand, Duration testTimeout,
                               ConflictStrategy onConflict, boolean keepWorktrees, boolean keepBranches,
                               int testRetries, boolean rebase, Optional<String> pushTo,
                               Optional<List<String>> pullRequest) {

    /** What {@code pull_request} may name: replaced within each argv word, never through a shell. */
    public static final List<String> PULL_REQUEST_PLACEHOLDERS =
            List.of("{base}", "{branch}", "{title}", "{body}", "{task}", "{remote}");

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
        pullRequest = pullRequest.map(List::copyOf);
    }

    /** Settings that delete landed branches and whose failing test command counts at once. */
    public WorktreeSettings(WorktreeMode mode, Optional<Path> repo, Optional<String> targetBranch,
                            Optional<List<String>> testCommand, Duration testTimeout, ConflictStrategy onConflict,
                            boolean keepWorktrees) {
        this(mode, repo, targetBranch, testCommand, testTimeout, onConflict, keepWorktrees, false, 0, true,
                Optional.empty(), Optional.empty());
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
                "test_retries", "on_conflict", "keep_worktrees", "keep_branches", "land", "push_to", "pull_request");
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
        boolean keepBranches = w.child("keep_branches").map(ConfigFile.Entry::bool).orElse(false);
        int retries = w.child("test_retries").map(e -> e.integer(0)).orElse(0);
        boolean rebase = w.child("land").map(e -> e.choice("rebase", "merge").equals("rebase")).orElse(true);
        Optional<String> pushTo = w.child("push_to").map(e -> {
            String remote = e.text().strip();
            if (remote.isEmpty() || remote.startsWith("-")) {
                throw e.problem("is not a git remote; give the name of one, such as origin, or leave the key out");
            }
            return remote;
        });
        Optional<List<String>> pullRequest = w.child("pull_request").map(e -> pullRequest(e, pushTo.isPresent()));
        return new WorktreeSettings(mode, Optional.empty(), target, test, timeout, strategy, keep, keepBranches, retries,
                rebase, pushTo, pullRequest);
    }

    /** A list is the argv; a string is split at spaces (never run through a shell). */
    private static List<String> pullRequest(ConfigFile.Entry e, boolean pushed) {
        if (!pushed) {
            throw e.problem("needs push_to: a pull request is opened for a branch pushed to that remote");
        }
        List<String> argv = e.isList() ? e.texts() : List.of(e.text().strip().split("\\s+"));
        if (argv.isEmpty() || argv.get(0).isBlank()) {
            throw e.problem("is empty; give a command such as `gh pr create --base {base} --head {branch} "
                    + "--title {title} --body-file {body}`, or leave the key out");
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{[^{}]*}").matcher(String.join(" ", argv));
        while (m.find()) {
            if (!PULL_REQUEST_PLACEHOLDERS.contains(m.group())) {
                throw e.problem("names " + m.group() + ", which is not a placeholder; use "
                        + String.join(", ", PULL_REQUEST_PLACEHOLDERS));
            }
        }
        return argv;
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
                testCommand, testTimeout, onConflict, keepWorktrees, keepBranches, testRetries, rebase, pushTo,
                pullRequest);
    }

    /** Whether any task may run in a worktree. */
    public boolean enabled() {
        return mode != WorktreeMode.OFF;
    }
}
