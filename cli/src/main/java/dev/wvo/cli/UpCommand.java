package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.shell.ShellFailure;
import dev.wvo.cli.shell.TmuxLayout;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.cli.shell.WorkerSpawner;
import dev.wvo.config.PoolSettings;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.PoolRecord;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code wvo up}: starts the pool, N detached workers ({@code wvo worker} processes, exactly as one
 * started by hand, each in a session of its own with its log in {@code <state>/workers/<id>.log}),
 * a stagger apart, each with its settings from the {@code pool:} section of config.yaml under the
 * worker options given here; with {@code --tmux}, each in a window of a tmux session instead
 * ({@link TmuxLayout}).
 */
@Command(name = "up",
        header = "Start the pool: N workers in the background, a stagger apart, as config.yaml's pool: section says.",
        description = "Worker i is pool.workers[i] of config.yaml (its id, agent, fallback, account, domains, epics) over "
                + "pool's defaults, or pool-<i>; the worker options given here go to every worker and win over the file. "
                + "A worker of the pool that runs already is left alone, and none is started while every account of the "
                + "running workers and of its own agents is limited (it would only wait: see `wvo limits`). Stop the "
                + "pool with `wvo down`, list it with `wvo ps`; workers started by hand run beside it. --dry-run checks "
                + "config, roadmap, agents and git and prints what would start and the task each worker would take "
                + "first, changing nothing. --tmux puts them in windows of a tmux session instead, beside a dashboard "
                + "(wvo shell). Two `wvo up` at once start each worker once: the second waits for the first.")
final class UpCommand implements Callable<Integer> {

    private static final Set<String> OWN_OPTIONS = Set.of("--workers", "--stagger", "--dry-run", "--tmux",
            "--tmux-session", "--one-process");

    @Spec
    private CommandSpec spec;

    @Option(names = {"-n", "--workers"}, paramLabel = "N", description = "How many workers. Default: pool.size of config.yaml, "
            + "else one per entry of pool.workers, else 1.")
    private Integer workers;

    @Option(names = "--stagger", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The wait between two starts. Default: pool.stagger of config.yaml, else 30s.")
    private Duration stagger;

    @Option(names = "--dry-run", description = "Check everything and print what would start; start nothing.")
    private boolean dryRun;

    @Option(names = "--tmux", description = "Lay the pool out in a tmux session: a window running `wvo shell`, then one "
            + "window per worker running in the foreground, as if started by hand.")
    private boolean tmux;

    @Option(names = "--tmux-session", paramLabel = "NAME", description = "The tmux session for --tmux; one that "
            + "exists gets the new workers. Default: wvo-<name of the current directory>.")
    private String tmuxSession;

    @Option(names = "--one-process", negatable = true, description = "Host the workers in one process (one JVM, as `wvo worker --workers N`): "
            + "one start-up and a shared runtime instead of one each. Workers whose options differ get a process each. "
            + "Default: pool.one_process of config.yaml, else a process each; --no-one-process overrides it.")
    private Boolean oneProcess;

    @Mixin
    private WorkerRunOptions run = new WorkerRunOptions();

    @Override
    public Integer call() throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        PoolSettings pool = global.config().pool();
        int size = workers != null ? workers : pool.size();
        if (size < 1) {
            throw new CommandFailure(ExitCodes.USAGE, "--workers must be at least 1, not " + size);
        }
        Duration wait = stagger != null ? stagger : pool.stagger();
        boolean together = oneProcess != null ? oneProcess : pool.oneProcess() && !tmux;
        List<String> typed = WorkerRunOptions.typedIn(spec, OWN_OPTIONS);
        List<PoolWorker> members = new ArrayList<>();
        for (int n = 1; n <= size; n++) {
            members.add(PoolWorker.of(pool.worker(n), typed, global.config().accounts(),
                    global.config().backends().profiles()));
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<Path> tmuxProgram = tmux ? TmuxLayout.find(global.environment()) : Optional.empty();
        if (tmux && tmuxProgram.isEmpty()) {
            throw new CommandFailure(ExitCodes.FAILURE, "--tmux needs tmux, and there is none on the PATH; install it "
                    + "(apt-get install tmux, brew install tmux), or start the pool without --tmux: the workers then run "
                    + "in the background and `wvo shell` shows them");
        }
        if (tmux && Boolean.TRUE.equals(oneProcess)) {
            throw new CommandFailure(ExitCodes.USAGE, "--tmux gives each worker a window and a process of its own, "
                    + "--one-process hosts them in one: choose one");
        }
        if (dryRun) {
            int status = new PoolPreview(global, dir, true).print(members, wait, out);
            if (together) {
                for (List<PoolWorker> process : byOptions(members)) {
                    List<String> hosted = process.stream().map(PoolWorker::id).toList();
                    out.println("one process: " + String.join(", ", hosted) + " (wvo worker --id " + String.join(",", hosted)
                            + " " + String.join(" ", process.get(0).arguments()) + ")");
                }
                out.flush();
            }
            return status;
        }
        for (PoolWorker member : members) {
            if (member.problem() != null) {
                throw new CommandFailure(ExitCodes.USAGE, member.problem() + "; fix " + dir.config()
                        + " and run the command again");
            }
        }
        WorkerControl control = new WorkerControl(dir);
        if (control.requestFor(WorkerControl.ALL) == WorkerControl.Request.STOP) {
            throw new CommandFailure(ExitCodes.FAILURE, "a stop request for all workers holds (from `wvo worker stop "
                    + "all`), so every worker would stop at once; `wvo worker resume all` first");
        }
        Path here = Path.of("").toAbsolutePath();
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-up"))) {
            WorkerPresence presence = new WorkerPresence(locks);
            List<String> java = new ArrayList<>();
            WorkerLauncher.setsid().ifPresent(java::add);
            java.addAll(WorkerLauncher.currentWvo(global.environment(), Main.class.getName(),
                    WorkerLauncher.Kind.WORKER));
            WorkerSpawner spawner = new WorkerSpawner(new WorkerLauncher(java, global.globalArguments(), dir.root(),
                    here), dir.root(), locks, global.config());
            try (LockHandle starting = startingLock(locks, out)) {
                if (together) {
                    return start(members, wait, spawner, (ids, args) -> spawner.spawnAs(ids, args, wait), true,
                            presence, dir, control, out);
                }
                if (tmuxProgram.isEmpty()) {
                    return start(members, wait, spawner, (ids, args) -> spawner.spawnAs(ids.get(0), args), false,
                            presence, dir, control, out);
                }
                return startInTmux(tmuxProgram.get(), members, wait, spawner, presence, dir, control, out);
            }
        }
    }

    /** The pool in tmux windows: the dashboard first, then each worker as one started by hand. */
    private int startInTmux(Path tmuxProgram, List<PoolWorker> members, Duration wait, WorkerSpawner spawner,
                            WorkerPresence presence, StateDir dir, WorkerControl control, PrintWriter out)
            throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        Path here = Path.of("").toAbsolutePath();
        // no setsid: tmux gives each window a session of its own, and the worker is the window's
        WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.currentWvo(global.environment(),
                Main.class.getName(), WorkerLauncher.Kind.WORKER), global.globalArguments(), dir.root(), here);
        TmuxLayout layout = new TmuxLayout(tmuxProgram, tmuxSession != null ? tmuxSession
                : TmuxLayout.defaultSession(here), global.environment(), here, presence, new WorkerRegistry(dir.workers()));
        // the dashboard is a command, not a worker: without the launcher it gets a command's options
        List<String> shell = new ArrayList<>(WorkerLauncher.currentWvo(global.environment(), Main.class.getName(),
                WorkerLauncher.Kind.COMMAND));
        shell.addAll(global.globalArguments());
        shell.add("shell");
        try {
            out.println(layout.open(shell));
        } catch (ShellFailure e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        out.flush();
        int status = start(members, wait, spawner,
                (ids, args) -> layout.startWorker(ids.get(0), launcher.command(ids.get(0), args)), false,
                presence, dir, control, out);
        out.println("see the pool: " + layout.howToSee());
        out.flush();
        return status;
    }

    /**
     * The race of two {@code wvo up} at once, closed here: both would see pool-1 not alive and start
     * it (one of the two then dies on the id the other holds), and each would write pool.json from
     * what it read, dropping the ids the other added. Holding {@link PoolRecord#LOCK} from the first
     * look at who runs to the last write of pool.json makes the second {@code up} wait, then find
     * the first's workers alive (each registered before its start returned) and leave them alone.
     */
    private static LockHandle startingLock(LockManager locks, PrintWriter out) throws InterruptedException {
        Optional<LockHandle> free = locks.tryAcquire(PoolRecord.LOCK, LockMode.EXCLUSIVE);
        if (free.isPresent()) {
            return free.get();
        }
        out.println("another `wvo up` is starting the pool; waiting for it to finish");
        out.flush();
        return locks.acquire(PoolRecord.LOCK, LockMode.EXCLUSIVE);
    }

    /** Starts one process of the pool hosting the workers of these ids, answering what to print, or failing with why. */
    @FunctionalInterface
    private interface Start {
        List<String> start(List<String> ids, List<String> workerArguments) throws ShellFailure;
    }

    /**
     * @param spawner  says whether a worker would only wait, every account being limited
     * @param together whether the workers of equal options share one process (they start a stagger
     *                 apart inside it); else each gets a process of its own
     */
    private int start(List<PoolWorker> members, Duration wait, WorkerSpawner spawner, Start starter, boolean together,
                      WorkerPresence presence, StateDir dir, WorkerControl control, PrintWriter out)
            throws InterruptedException {
        PoolRecord record = new PoolRecord(dir);
        // under the pool lock: a worker of an earlier, larger pool that is gone is no longer listed
        List<String> ids = members.stream().map(PoolWorker::id).toList();
        record.retain(id -> ids.contains(id) || presence.isAlive(id));
        int failed = 0;
        List<PoolWorker> starting = new ArrayList<>();
        // the agents of the workers to start before this one count as the pool's, as they will once they run
        List<String> before = new ArrayList<>();
        for (PoolWorker member : members) {
            if (presence.isAlive(member.id())) {
                out.println(member.id() + " runs already; left alone");
                out.flush();
                continue;
            }
            List<String> pooled = new ArrayList<>(before);
            pooled.addAll(member.arguments());
            Optional<String> limited = spawner.allLimited(pooled);
            if (limited.isPresent()) {
                failed++;
                spec.commandLine().getErr().println("wvo: " + member.id() + " not started: " + limited.get()
                        + ". Lift a limit now with `wvo limits clear ACCOUNT`, or give it an --agent whose account "
                        + "is not limited");
                continue;
            }
            before.addAll(member.arguments());
            starting.add(member);
        }
        // the processes to start: one per set of workers with equal options, or one per worker
        List<List<PoolWorker>> processes = together ? byOptions(starting) : starting.stream().map(List::of).toList();
        boolean first = true;
        for (List<PoolWorker> process : processes) {
            List<String> hosted = process.stream().map(PoolWorker::id).toList();
            List<String> arguments = process.get(0).arguments();
            if (!first && !wait.isZero()) {
                out.println("waiting " + DurationText.format(wait) + " before " + hosted.get(0) + " (stagger)");
                out.flush();
                Thread.sleep(wait.toMillis());
            }
            first = false;
            hosted.forEach(control::clear); // a stop left for an id by `wvo down` would end it at once
            record.add(hosted);
            try {
                starter.start(hosted, arguments).forEach(out::println);
            } catch (ShellFailure e) {
                failed++;
                spec.commandLine().getErr().println("wvo: " + e.getMessage());
            }
            out.flush();
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The workers grouped by equal options, in start order: those that can share a process. */
    private static List<List<PoolWorker>> byOptions(List<PoolWorker> members) {
        Map<List<String>, List<PoolWorker>> groups = new LinkedHashMap<>();
        members.forEach(m -> groups.computeIfAbsent(m.arguments(), k -> new ArrayList<>()).add(m));
        return List.copyOf(groups.values());
    }
}
