package dev.wvo.cli;

import dev.wvo.config.WorktreeMode;
import dev.wvo.config.WorktreeSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** {@code wvo worker --worktree MODE --repo DIR}: over the {@code worktree:} section of config.yaml. */
final class WorktreeOptions {

    @Option(names = "--worktree", paramLabel = "MODE",
            description = "Run tasks in git worktrees: off, always, or on-conflict (only a task whose ownership overlaps "
                    + "a running task's). Default: worktree.mode of <state>/config.yaml, else off. See docs/worktrees.md.")
    private String mode;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "The git repository tasks' worktrees come from. Default: the one containing the working directory.")
    private Path repo;

    /**
     * The settings: config.yaml's section with these options over it.
     *
     * @throws CommandFailure with exit 2 for a bad value
     */
    WorktreeSettings settings(WorktreeSettings fromFile) {
        Optional<WorktreeMode> cliMode;
        try {
            cliMode = Optional.ofNullable(mode).map(WorktreeSettings::parseMode);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--worktree: " + e.getMessage());
        }
        return fromFile.withOverrides(cliMode, Optional.ofNullable(repo).map(Path::toAbsolutePath));
    }
}
