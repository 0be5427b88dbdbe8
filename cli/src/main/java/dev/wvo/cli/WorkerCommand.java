package dev.wvo.cli;

import dev.wvo.config.Config;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.context.ContextStores;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockManager;
import dev.wvo.plugins.PluginHost;
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
import java.util.Map;
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
    /** The longest wait between looks at the roadmap when no file change wakes the worker. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(5);

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Option(names = "--id", paramLabel = "ID", description = "The worker id. Default: the first free of worker1, worker2, ...")
    private String id;

    // not required by picocli: the subcommands (stop, pause, resume) take no --agent
    @Option(names = "--agent", paramLabel = "NAME", description = "The agent backend (shell, claude, codex, ...). Required to run a worker.")
    private String agent;

    @Option(names = "--fallback", split = ",", paramLabel = "NAME",
            description = "Backends to use, in order, while the ones before are rate-limited.")
    private List<String> fallbacks = new ArrayList<>();

    @Option(names = "--policy", paramLabel = "NAME",
            description = "The partition policy (domain, epic). Default: domain with --domains, epic with --epics, else none.")
    private String policy;

    @Option(names = "--domains", split = ",", paramLabel = "NAME", description = "Domains this worker prefers.")
    private List<String> domains = new ArrayList<>();

    @Option(names = "--epics", split = ",", paramLabel = "NAME", description = "Epics this worker prefers.")
    private List<String> epics = new ArrayList<>();

    @Option(names = "--no-fallback-to-others",
            description = "Only take tasks of the preferred domains or epics, even when they have none runnable.")
    private boolean noFallbackToOthers;

    @Option(names = "--max-tasks", paramLabel = "N", description = "Stop after N tasks (default: no limit).")
    private int maxTasks;

    @Option(names = "--exit-when-idle", description = "Exit once nothing is in progress or runnable, instead of waiting for work.")
    private boolean exitWhenIdle;

    @Option(names = "--lease", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Lease of this worker's locks; other hosts judge it dead this long after its last renewal. Default: 30s.")
    private Duration lease = FileLockManager.DEFAULT_LEASE;

    @Option(names = "--task-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long one attempt may run. Default: 1h.")
    private Duration taskTimeout = Duration.ofHours(1);

    @Option(names = "--stall-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an agent may print nothing before it counts as stalled. Default: 15m.")
    private Duration stallTimeout = Duration.ofMinutes(15);

    @Option(names = "--profile", paramLabel = "NAME",
            description = "A profile of <state>/config.yaml: per-backend settings such as another account's config_dir (claude) or home (codex).")
    private String profile;

    @Option(names = "--set", paramLabel = "BACKEND.KEY=VALUE",
            description = "A backend setting, over config.yaml and the profile (repeatable): claude.model=opus, "
                    + "claude.permission_mode=acceptEdits, claude.allowed_tools=..., claude.extra_args=..., "
                    + "codex.sandbox=workspace-write, shell.command_template=...")
    private List<String> sets = new ArrayList<>();

    @Option(names = "--workdir", paramLabel = "DIR", description = "Where agents run. Default: the current directory.")
    private Path workdir = Path.of("");

    @Mixin
    private WorktreeOptions worktreeOptions = new WorktreeOptions();

    @Override
    public Integer call() throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        if (agent == null) {
            throw new CommandFailure(ExitCodes.USAGE, "Missing required option '--agent=NAME' (shell, claude, codex, ...); "
                    + "see `wvo plugins list` for the backends loaded");
        }
        StateDir dir = StateAccess.requireInitialised(global);
        StateAccess.readRoadmap(dir);
        Config config = global.config();
        WorkerSettings settings;
        try {
            settings = settings(config.backends().forWorker(profile, sets));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        WorktreeSettings worktree = worktreeOptions.settings(config.worktree());
        PrintWriter out = spec.commandLine().getOut();
        List<Path> roots = new ArrayList<>(global.pluginDirectories());
        roots.add(dir.plugins());
        try (PluginHost plugins = PluginHost.load(roots);
             LockManager locks = LockBackends.open(global, LockBackends.Options.defaults()
                     .owner(id != null ? id : "wvo-worker").lease(lease).clock(clock))) {
            Consumer<String> terminal = line -> {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            };
            WorkerServices services = WorkerServices.builder(dir, locks, clock)
                    .plugins(plugins::backend, plugins::policy)
                    .config(config)
                    .worktrees(worktree, settings.workingDirectory())
                    .context(new MergedContextNotes(ContextStores.of(dir.root(), locks), clock,
                            warning -> spec.commandLine().getErr().println("wvo: " + warning)))
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

    private WorkerSettings settings(Map<String, Map<String, String>> backendSettings) {
        List<String> agents = new ArrayList<>(List.of(agent));
        fallbacks.stream().filter(f -> !agents.contains(f)).forEach(agents::add);
        String chosenPolicy = policy;
        if (chosenPolicy == null && !domains.isEmpty()) {
            chosenPolicy = "domain";
        } else if (chosenPolicy == null && !epics.isEmpty()) {
            chosenPolicy = "epic";
        }
        if (maxTasks < 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--max-tasks must not be negative, not " + maxTasks);
        }
        return new WorkerSettings(id, agents, chosenPolicy, domains, epics, !noFallbackToOthers, maxTasks, exitWhenIdle,
                taskTimeout, stallTimeout, IDLE_WAIT, workdir.toAbsolutePath(), backendSettings);
    }

}
