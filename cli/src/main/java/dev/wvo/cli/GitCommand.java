package dev.wvo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code wvo git}: how git and wvo's state files work together. */
@Command(name = "git",
        header = "Set git up to merge wvo's state files by meaning.",
        description = "See docs/git-merge.md.",
        subcommands = {GitSetupCommand.class})
final class GitCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
