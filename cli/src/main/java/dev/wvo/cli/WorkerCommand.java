package dev.wvo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code wvo worker}: the workers that run tasks. Its subcommands send requests to running
 * workers; {@code wvo worker} alone, with the options of a worker, is the place where running a
 * worker belongs, which is why this is a command with a {@link #call()} of its own rather than a
 * plain group.
 */
@Command(name = "worker",
        header = "Ask running workers to stop, pause or resume.",
        description = "Requests are files in <state>/workers/control that each worker reads between steps, so "
                + "they reach workers in other terminals and on other hosts that share the state directory. "
                + "A worker finishes the step it is in before it pauses or stops.",
        subcommands = {WorkerStopCommand.class, WorkerPauseCommand.class, WorkerResumeCommand.class})
final class WorkerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
