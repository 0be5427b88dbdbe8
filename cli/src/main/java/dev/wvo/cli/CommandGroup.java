package dev.wvo.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * The body of every command that only groups others ({@code wvo}, {@code wvo task}, {@code wvo lock},
 * ...): run without a subcommand, it prints its usage to stderr and exits 2.
 */
abstract class CommandGroup implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** This command's model: injected by picocli, except into {@code wvo}'s, which builds its own. */
    CommandSpec spec() {
        return spec;
    }

    @Override
    public final Integer call() {
        spec().commandLine().usage(spec().commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
