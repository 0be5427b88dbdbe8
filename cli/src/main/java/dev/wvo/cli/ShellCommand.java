package dev.wvo.cli;

import dev.wvo.cli.shell.FullScreen;
import dev.wvo.cli.shell.ShellCommands;
import dev.wvo.cli.shell.ShellSession;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.cli.shell.WorkerSpawner;
import dev.wvo.fs.StateDir;
import dev.wvo.status.StatusReader;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerControl;
import dev.wvo.lock.LockManager;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine;
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
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wvo shell}: the full-screen view on a terminal that can address the cursor; a prompt
 * with plain answers on a dumb one; plain answers to commands read line by line from a pipe.
 */
@Command(name = "shell",
        header = "A full-screen live view of the workers, tasks, merge queue, limits and events, with keys and a "
                + "command line (? lists the keys).",
        description = "On a terminal the screen is redrawn in place when the state changes: Tab or w/t/m/e choose a "
                + "panel, 1-9 a worker, Enter follows its live output (Esc returns), p pauses or resumes it, s stops "
                + "it, + and - start one more worker and stop the newest, r resets the selected blocked task, / "
                + "filters the tasks (status:pending epic:E domain:D and words), ? shows every key, q leaves (the "
                + "workers run on). After : each line is a wvo command line (task list, worker stop w1, lock break "
                + "R, ...), run with this shell's global options by the same commands, with the same options and "
                + "help; Tab completes them, and task ids, worker ids and lock resources; history is kept in "
                + "<state>/.shell-history. spawn [worker options] starts a worker in the background (log in "
                + "<state>/workers/<id>.log). NO_COLOR turns the colours off. On a dumb terminal the shell is a "
                + "prompt with plain answers; with input from a pipe it reads one command per line and prints plain "
                + "answers, for scripts.")
public final class ShellCommand implements Callable<Integer> {


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
            ShellCommands commands = commands(global, locks, detachedWorkers(global));
            ShellSession session = new ShellSession(commands, new StateDir(state).shellHistory());
            if (System.console() == null) {
                return session.runPlain(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                        spec.commandLine().getOut());
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())
                        || terminal.getStringCapability(Capability.cursor_address) == null) {
                    return session.runLines(terminal);
                }
                return new FullScreen(commands, terminal, new StateDir(state), new StateDir(state).shellHistory(),
                        FullScreen.colorFor(terminal, System.getenv()), Clock.systemUTC(), ZoneId.systemDefault()).run();
            }
        }
    }

    /**
     * What starts the workers {@code spawn} asks for: {@code wvo worker} as this process was started
     * (through the {@code wvo} launcher, or on this java and class path with the launcher's worker
     * options), with the global options of {@code global}, in a session of its own where
     * {@code setsid} exists, in the current directory.
     */
    static WorkerLauncher detachedWorkers(WvoCommand global) {
        List<String> java = new ArrayList<>();
        WorkerLauncher.setsid().ifPresent(java::add);
        java.addAll(WorkerLauncher.currentWvo(global.environment(), Main.class.getName(),
                WorkerLauncher.Kind.WORKER));
        return new WorkerLauncher(java, global.globalArguments(), global.stateDirectory(), Path.of("").toAbsolutePath());
    }

    /**
     * The shell's commands over the state and options of {@code global}: {@code wvo}'s command line
     * with {@code spawn} added, each line run with the global options given to the shell.
     *
     * @param locks    the lock manager of the state, for the dashboard and for spawned workers' ids
     * @param launcher what starts the workers {@code spawn} asks for
     */
    public static ShellCommands commands(WvoCommand global, LockManager locks, WorkerLauncher launcher) {
        Path state = global.stateDirectory();
        WorkerSpawner spawner = new WorkerSpawner(launcher, state, locks, global.config());
        // the views read every second or so: one reader, which reads only what the event log gained
        StatusReader reader = new StatusReader(new StatusSnapshot.Source(new StateDir(state),
                LockBackends.backend(global).label(), LockBackends.location(global)), locks, Clock.systemUTC());
        List<String> globals = new ArrayList<>(global.globalArguments());
        globals.add("--no-color"); // answers are drawn under the dashboard, cut to the terminal's width
        return new ShellCommands(() -> {
            CommandLine wvo = Main.newCommandLine(global.environment());
            wvo.addSubcommand(new SpawnCommand(spawner));
            return wvo;
        }, globals, () -> reader.read(global.config()), new WorkerControl(new StateDir(state)));
    }
}
