package dev.wvo.worker;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.TaskView;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a run that says it succeeded must have changed files, and whether it did: an agent
 * that ends "success" on a task that is not {@code readonly} but left the work tree as it found
 * it did not do the task (its edits were refused, it only talked, it worked elsewhere). From
 * {@code state/config.yaml} and the task, the task winning:
 *
 * <pre>
 * expect_changes: true       # the default; false turns the check off everywhere
 * tasks:
 *   - id: REVIEW-1
 *     readonly: true         # never expected to change anything
 *   - id: BUMP-2
 *     expect_changes: false  # this one may legitimately change nothing
 * </pre>
 *
 * A task with a {@code command}, or run by a backend that runs the user's own command (the
 * {@code shell} backend: {@code AgentBackend.expectsChanges()} is false), is expected to change
 * files only when it says so, and so is one the merge queue sent back after a conflict (its work
 * may already be on the target). Changes are what the agent reported ({@code changed_files}) or what git sees in the
 * working directory against the attempt's base commit, committed or not.
 */
final class ExpectedChanges {

    static final String KEY = "expect_changes";
    /** Without configuration: changes are expected of every task that does not say otherwise. */
    static final ExpectedChanges DEFAULT = new ExpectedChanges(true);

    private final boolean byDefault;

    private ExpectedChanges(boolean byDefault) {
        this.byDefault = byDefault;
    }

    /** @param byDefault config.yaml's {@code expect_changes} ({@link dev.wvo.config.Config#expectChanges()}) */
    static ExpectedChanges of(boolean byDefault) {
        return new ExpectedChanges(byDefault);
    }

    /** Whether a successful run of this task by {@code backend} must have changed files. */
    boolean expectedOf(TaskView task, AgentBackend backend) {
        Object own = task.extra().get(KEY);
        if (own != null) {
            return switch (own.toString().strip().toLowerCase(Locale.ROOT)) {
                case "false", "no", "off" -> false;
                default -> true;
            };
        }
        // sent back after a merge conflict, a task may find its work already on the target
        boolean sentBackFromConflict = "conflict".equals(task.extra().get("merge"));
        return !task.readonly() && task.command() == null && !sentBackFromConflict && backend.expectsChanges() && byDefault;
    }

    /**
     * Why the attempt counts as having changed nothing, or empty when it changed something.
     *
     * @param begun    the attempt's record as it started (its git base)
     * @param reported the files the agent reported changing, relative to {@code workdir} or absolute
     * @param workdir  where it worked
     * @param stateDir the state directory, whose own changes do not count
     */
    static Optional<String> nothingChanged(AttemptRecord begun, List<String> reported, Path workdir, Path stateDir) {
        if (!reported.isEmpty()) {
            return Optional.empty();
        }
        Optional<AttemptChanges> git = AttemptChanges.of(begun, workdir, List.of(stateDir));
        if (git.isPresent() && (!git.get().files().isEmpty() || !git.get().commits().isEmpty())) {
            return Optional.empty();
        }
        return Optional.of("the agent reported success but changed no file" + (git.isPresent() ? " (git sees no change "
                + "since " + git.get().base() + ")" : "") + "; a task that only reads should say readonly: true, "
                + "one that may change nothing expect_changes: false");
    }
}
