package dev.wvo.cli;

import dev.wvo.cli.shell.ShellCommands;
import dev.wvo.cli.shell.ShellSession;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.lock.LockManager;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wvo shell}: a live dashboard with a command line on a terminal; plain answers to
 * commands read line by line when the input is not a terminal.
 */
@Command(name = "shell",
        header = "A live dashboard of the workers, tasks and events, with a command line (type help).",
        description = "On a terminal the dashboard is redrawn every second above the command line; Tab completes "
                + "commands, task ids, worker ids and lock resources; history is kept in <state>/.shell-history. "
                + "spawn starts a worker in the background (log in <state>/workers/<id>.log) and stop asks one to "
                + "finish its task and exit; on the dashboard, + and - on an empty line do the same for one worker. "
                + "With input from a pipe it reads one command per line and prints plain answers.")
final class ShellCommand implements Callable<Integer> {

    /** The history file's name in the state directory. */
    static final String HISTORY = ".shell-history";

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        WvoCommand global = WvoCommand.of(spec);
        Path state = global.stateDirectory();
        if (!Files.isDirectory(state)) {
            throw new CommandFailure(ExitCodes.FAILURE, "no state directory " + state.toAbsolutePath()
                    + "; give one with --state DIR or $" + WvoCommand.STATE_ENV);
        }
        // the backend the workers use: with ZooKeeper, liveness and locks are there, not in files
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-shell"))) {
            List<String> java = new ArrayList<>();
            WorkerLauncher.setsid().ifPresent(java::add);
            java.addAll(WorkerLauncher.currentJava(Main.class.getName()));
            WorkerLauncher launcher = new WorkerLauncher(java, global.globalArguments(), state,
                    Path.of("").toAbsolutePath());
            ShellCommands commands = new ShellCommands(state, locks, Clock.systemUTC(), launcher);
            ShellSession session = new ShellSession(commands, state.resolve(HISTORY));
            if (System.console() == null) {
                return session.runPlain(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        spec.commandLine().getOut());
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                return session.runInteractive(terminal);
            }
        }
    }
}
