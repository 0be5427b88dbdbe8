package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.config.Config;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.context.ContextStores;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.plugins.PluginHost;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.worker.MergedContextNotes;
import dev.wvo.worker.Worker;
import dev.wvo.worker.WorkerServices;
import dev.wvo.worker.WorkerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code wvo worker}: one worker in this terminal. Ctrl-C and SIGTERM stop the running agent,
 * give its task back without spending an attempt, and end with status 0.
 */
@Command(name = "worker",
        header = "Run a worker: claim runnable tasks one at a time and run them with an agent backend.",
        description = "Backends and partition policies come from plugin jars: the bundled ones, those of $WVO_PLUGINS, "
                + "each --plugins DIR, and <state>/plugins. Ctrl-C or SIGTERM stops the agent "
                + "and gives its task back (its attempt is not counted); a worker that is killed outright has its "
                + "task taken back by the next worker that claims, or by `wvo reclaim`. The subcommands stop, pause and "
                + "resume send requests to running workers instead; list lists them.",
        subcommands = {WorkerStopCommand.class, WorkerPauseCommand.class, WorkerResumeCommand.class,
                WorkerListCommand.class})
final class WorkerCommand implements Callable<Integer> {

    /** How long a Ctrl-C waits for the task to be given back before the process ends anyway. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /**
     * The longest wait between looks at the roadmap when no file change wakes the worker: the slow
     * poll that finds what no file shows, a killed worker's claim to take back. Where file changes
     * cannot be watched (a network file system), the worker looks every 5 s.
     */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(30);
    /**
     * How long a worker's roadmap transaction waits for the lock before the worker says who holds
     * it; it then waits on (a `git pull` under `lock exec` may wait minutes on a passphrase).
     */
    private static final Duration ROADMAP_LOCK_NOTICE = Duration.ofSeconds(10);

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", description = "The worker id. Default: the first free of worker1, worker2, ...")
    private String id;

    @Option(names = "--dry-run", description = "Check config, roadmap, agents and git, print the task this worker would "
            + "take first, and exit; nothing starts or changes.")
    private boolean dryRun;

    @Mixin
    private WorkerRunOptions run = new WorkerRunOptions();

    @Override
    public Integer call() throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        if (run.agent() == null) {
            throw new CommandFailure(ExitCodes.USAGE, "Missing required option '--agent=NAME' (shell, claude, codex, ...); "
                    + "see `wvo plugins list` for the backends loaded");
        }
        StateDir dir = StateAccess.requireInitialised(global);
        if (dryRun) {
            List<String> typed = WorkerRunOptions.typedIn(spec, Set.of("--id", "--dry-run"));
            return new PoolPreview(global, dir, false).print(List.of(new PoolWorker(id != null ? id : PoolPreview.UNNAMED, typed, null)),
                    Duration.ZERO, spec.commandLine().getOut());
        }
        Config config = global.config();
        WorkerSettings settings;
        try {
            settings = run.settings(id, config.backends().forWorker(run.profile(), run.sets()), IDLE_WAIT);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        WorktreeSettings worktree = run.worktree(config.worktree());
        PrintWriter out = spec.commandLine().getOut();
        List<Path> roots = new ArrayList<>(global.pluginDirectories());
        roots.add(dir.plugins());
        try (PluginHost plugins = PluginHost.load(roots);
             LockManager locks = LockBackends.open(global, LockBackends.Options.defaults()
                     .owner(id != null ? id : "wvo-worker").lease(run.lease()).clock(clock))) {
            Consumer<String> terminal = line -> {
                synchronized (out) {
                    out.println(TerminalText.line(line)); // each is one line, whatever a task id or summary holds
                    out.flush();
                }
            };
            global.checkPluginSettings(plugins); // a wrong setting would fail every attempt: refused before any claim
            RoadmapStore roadmap = new RoadmapStore(dir, locks, ROADMAP_LOCK_NOTICE);
            StateAccess.readRoadmap(roadmap); // a roadmap that does not load stops the worker before it registers
            WorkerServices services = WorkerServices.builder(dir, locks, clock)
                    .roadmap(new RoadmapBoardStore(roadmap))
                    .plugins(plugins::backend, plugins::policy)
                    .notifiers(plugins::notifier)
                    .config(config)
                    .worktrees(worktree, settings.workingDirectory())
                    .context(new MergedContextNotes(ContextStores.of(dir.root(), locks), clock,
                            warning -> spec.commandLine().getErr().println("wvo: " + TerminalText.line(warning))))
                    .terminal(terminal)
                    .build();
            runUntilStopped(new Worker(settings, services), out);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    /**
     * Runs the worker with a shutdown hook that asks it to stop and waits for it, so that
     * Ctrl-C and SIGTERM give the task back; the hook then ends the process with status 0,
     * since the signal was a request, not a failure.
     */
    private static void runUntilStopped(Worker worker, PrintWriter out) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            worker.requestStop();
            try {
                finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            Runtime.getRuntime().halt(ExitCodes.OK);
        }, "wvo-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            worker.run();
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it ends the process once this returns
            }
        }
    }
}
