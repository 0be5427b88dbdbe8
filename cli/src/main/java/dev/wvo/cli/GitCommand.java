package dev.wvo.cli;

import picocli.CommandLine.Command;

/** {@code wvo git}: how git and wvo's state files work together. */
@Command(name = "git",
        header = "Set git up to merge wvo's state files by meaning.",
        description = "See docs/git-merge.md.",
        subcommands = {GitSetupCommand.class})
final class GitCommand extends CommandGroup {
}
