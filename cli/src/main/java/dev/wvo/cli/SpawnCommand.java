package dev.wvo.cli;

import dev.wvo.cli.shell.ShellFailure;
import dev.wvo.cli.shell.WorkerSpawner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code spawn}, a command of {@code wvo shell} only: starts {@code wvo worker} in the background
 * with the options given, which are {@code wvo worker}'s own ({@link WorkerRunOptions}), checked
 * and passed on as typed.
 */
@Command(name = "spawn",
        header = "Start a worker in the background, with the options of wvo worker (in the shell only).",
        description = "Its output goes to <state>/workers/<id>.log and it runs on after the shell ends. Without "
                + "--agent it takes the last spawn's agent; without any option, the last spawn's options.")
public final class SpawnCommand implements Callable<Integer> {

    private final WorkerSpawner spawner;

    @Spec
    private CommandSpec spec;

    @Mixin
    private WorkerRunOptions options = new WorkerRunOptions();

    public SpawnCommand(WorkerSpawner spawner) {
        this.spawner = spawner;
    }

    @Override
    public Integer call() {
        List<String> arguments = WorkerRunOptions.typedIn(spec, Set.of());
        List<String> last = spawner.lastArguments();
        if (options.agent() == null) {
            if (last.isEmpty()) {
                throw new CommandFailure(ExitCodes.USAGE, "the first spawn needs --agent NAME (shell, claude, codex, ...; "
                        + "see wvo plugins list); later ones default to the last spawn's options");
            }
            arguments = arguments.isEmpty() ? last : withAgentOf(last, arguments);
        }
        PrintWriter out = spec.commandLine().getOut();
        try {
            spawner.spawn(arguments).forEach(out::println);
        } catch (ShellFailure e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The last spawn's {@code --agent} before the options given now. */
    private static List<String> withAgentOf(List<String> last, List<String> given) {
        List<String> arguments = new ArrayList<>(List.of("--agent", last.get(last.indexOf("--agent") + 1)));
        arguments.addAll(given);
        return arguments;
    }
}
