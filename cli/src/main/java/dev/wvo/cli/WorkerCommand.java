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
import dev.wvo.schedule.WorkerPresence;
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
                + "resume send requests to running workers instead; list lists them.")
final class WorkerCommand implements Callable<Integer> {

    /**
     * The commands under {@code worker}, added by {@code Main} (not named in the annotation, which
     * picocli would build for every run): a worker's start does not need them.
     */
    static final List<Class<?>> REQUESTS = List.of(WorkerStopCommand.class, WorkerPauseCommand.class,
            WorkerResumeCommand.class, WorkerListCommand.class);

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

    @Option(names = "--id", split = ",", paramLabel = "ID", description = "The worker id; with --workers, one per worker "
            + "(a,b,c). Default: the first free of worker1, worker2, ...")
    private List<String> ids = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "How many workers this process hosts, each a full worker "
            + "with its own id, record, locks and worktree, in one JVM. Default: one per --id, else 1.")
    private Integer workers;

    @Option(names = "--stagger", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "With --workers: the wait between two hosted workers' starts. Default: 0s.")
    private Duration stagger = Duration.ZERO;

    @Option(names = "--dry-run", description = "Check config, roadmap, agents and git, print the task this worker would "
            + "take first, and exit; nothing starts or changes.")
    private boolean dryRun;

    @Mixin
    private WorkerRunOptions run = new WorkerRunOptions();

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        if (run.agent() == null) {
            throw new CommandFailure(ExitCodes.USAGE, "Missing required option '--agent=NAME' (shell, claude, codex, ...); "
                    + "see `wvo plugins list` for the backends loaded");
        }
        int count = hostedCount();
        StateDir dir = StateAccess.requireInitialised(global);
        if (dryRun) {
            List<String> typed = WorkerRunOptions.typedIn(spec, Set.of("--id", "--dry-run", "--workers", "--stagger"));
            List<PoolWorker> previewed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                previewed.add(new PoolWorker(ids.isEmpty() ? PoolPreview.UNNAMED : ids.get(i), typed, null));
            }
            return new PoolPreview(global, dir, false).print(previewed, stagger, spec.commandLine().getOut());
        }
        Config config = global.config();
        List<String> names = ids.isEmpty() && count > 1 ? firstFree(global, count) : ids;
        List<WorkerSettings> settings = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                settings.add(run.settings(names.isEmpty() ? null : names.get(i),
                        config.backends().forWorker(run.profile(), run.sets()), IDLE_WAIT));
            }
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        WorktreeSettings worktree = run.worktree(config.worktree());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> roots = new ArrayList<>(global.pluginDirectories());
        roots.add(dir.plugins());
        List<WorkerHost.Member> members = new ArrayList<>();
        List<LockManager> opened = new ArrayList<>();
        try (PluginHost plugins = PluginHost.load(roots)) {
            global.checkPluginSettings(plugins); // a wrong setting would fail every attempt: refused before any claim
            for (WorkerSettings one : settings) {
                String id = one.id();
                LockManager locks = LockBackends.open(global, LockBackends.Options.defaults()
                        .owner(id != null ? id : "wvo-worker").lease(run.lease()).clock(clock));
                opened.add(locks);
                // hosted workers' lines are told apart by their id; a lone worker's say it where it matters
                Consumer<String> lines = count == 1 ? line -> print(out, line) : line -> print(out, prefixed(id, line));
                Consumer<String> warnings = count == 1 ? line -> print(err, "wvo: " + line)
                        : line -> print(err, "wvo: " + id + ": " + line);
                RoadmapStore roadmap = new RoadmapStore(dir, locks, ROADMAP_LOCK_NOTICE);
                if (opened.size() == 1) {
                    StateAccess.readRoadmap(roadmap); // a roadmap that does not load stops the worker before it registers
                }
                WorkerServices services = WorkerServices.builder(dir, locks, clock)
                        .roadmap(new RoadmapBoardStore(roadmap))
                        .plugins(plugins::backend, plugins::policy)
                        .notifiers(plugins::notifier)
                        .config(config)
                        .worktrees(worktree, one.workingDirectory())
                        .context(new MergedContextNotes(ContextStores.of(dir.root(), locks), clock, warnings))
                        .terminal(lines)
                        .build();
                members.add(new WorkerHost.Member(id, new Worker(one, services), locks));
            }
            return new WorkerHost(members, out, err).run(stagger);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        } finally {
            opened.forEach(LockManager::close); // a second close does nothing: the host closes each as its worker ends
        }
    }

    /**
     * How many workers this process hosts: {@code --workers}, else one per {@code --id}.
     *
     * @throws CommandFailure exit 2 when they disagree, or an id is given twice
     */
    private int hostedCount() {
        int count = workers != null ? workers : Math.max(1, ids.size());
        if (count < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--workers must be at least 1, not " + count);
        }
        if (!ids.isEmpty() && ids.size() != count) {
            throw new CommandFailure(ExitCodes.USAGE, "--workers " + count + " with " + ids.size() + " id"
                    + (ids.size() == 1 ? "" : "s") + " in --id: give one id per worker (--id a,b,c), or no --id to take "
                    + "the first free ones");
        }
        if (Set.copyOf(ids).size() != ids.size()) {
            throw new CommandFailure(ExitCodes.USAGE, "--id " + String.join(",", ids) + " names a worker twice: each "
                    + "hosted worker needs an id of its own");
        }
        if (stagger.isNegative()) {
            throw new CommandFailure(ExitCodes.USAGE, "--stagger must not be negative");
        }
        return count;
    }

    /**
     * The first {@code count} of {@code worker1, worker2, ...} that no live worker holds, for
     * workers hosted without ids: each needs its id before it starts, to name its locks and lines.
     * Another process may take one in between; that hosted worker then says so and ends, as
     * {@code spawn} of the shell does, and the others run.
     */
    private static List<String> firstFree(WvoCommand global, int count) {
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-worker"))) {
            WorkerPresence presence = new WorkerPresence(locks);
            List<String> free = new ArrayList<>();
            for (int n = 1; free.size() < count; n++) {
                if (!presence.isAlive("worker" + n)) {
                    free.add("worker" + n);
                }
            }
            return free;
        }
    }

    /** A hosted worker's line, starting with its id (most of a worker's lines do already). */
    static String prefixed(String id, String line) {
        return line.startsWith(id + ": ") ? line : id + ": " + line;
    }

    private static void print(PrintWriter to, String line) {
        synchronized (to) {
            to.println(TerminalText.line(line)); // each is one line, whatever a task id or summary holds
            to.flush();
        }
    }
}
