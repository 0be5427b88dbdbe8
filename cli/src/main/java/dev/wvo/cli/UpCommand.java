package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.shell.ShellFailure;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.cli.shell.WorkerSpawner;
import dev.wvo.config.PoolSettings;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.PoolRecord;
import dev.wvo.worker.WorkerControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code wvo up}: starts the pool, N detached workers ({@code wvo worker} processes, exactly as one
 * started by hand, each in a session of its own with its log in {@code <state>/workers/<id>.log}),
 * a stagger apart, each with its settings from the {@code pool:} section of config.yaml under the
 * worker options given here.
 */
@Command(name = "up",
        header = "Start the pool: N workers in the background, a stagger apart, as config.yaml's pool: section says.",
        description = "Worker i is pool.workers[i] of config.yaml (its id, agent, fallback, account, domains, epics) over "
                + "pool's defaults, or pool-<i>; the worker options given here go to every worker and win over the file. "
                + "A worker of the pool that runs already is left alone, and none is started while every account of the "
                + "running workers and of its own agents is limited (it would only wait: see `wvo limits`). Stop the "
                + "pool with `wvo down`, list it with `wvo ps`; workers started by hand run beside it. --dry-run checks config, roadmap, agents and git and "
                + "prints what would start and the task each worker would take first, changing nothing.")
final class UpCommand implements Callable<Integer> {

    private static final Set<String> OWN_OPTIONS = Set.of("--workers", "--stagger", "--dry-run");

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
        List<String> typed = WorkerRunOptions.typedIn(spec, OWN_OPTIONS);
        List<PoolWorker> members = new ArrayList<>();
        for (int n = 1; n <= size; n++) {
            members.add(PoolWorker.of(pool.worker(n), typed, global.config().accounts()));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (dryRun) {
            return new PoolPreview(global, dir, true).print(members, wait, out);
        }
        WorkerControl control = new WorkerControl(dir);
        if (control.requestFor(WorkerControl.ALL) == WorkerControl.Request.STOP) {
            throw new CommandFailure(ExitCodes.FAILURE, "a stop request for all workers holds (from `wvo worker stop "
                    + "all`), so every worker would stop at once; `wvo worker resume all` first");
        }
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-up"))) {
            List<String> java = new ArrayList<>();
            WorkerLauncher.setsid().ifPresent(java::add);
            java.addAll(WorkerLauncher.currentJava(Main.class.getName()));
            WorkerSpawner spawner = new WorkerSpawner(new WorkerLauncher(java, global.globalArguments(), dir.root(),
                    Path.of("").toAbsolutePath()), dir.root(), locks, global.config());
            WorkerPresence presence = new WorkerPresence(locks);
            PoolRecord record = new PoolRecord(dir);
            boolean first = true;
            int failed = 0;
            for (PoolWorker member : members) {
                if (presence.isAlive(member.id())) {
                    out.println(member.id() + " runs already; left alone");
                    out.flush();
                    continue;
                }
                Optional<String> limited = spawner.allLimited(member.arguments());
                if (limited.isPresent()) {
                    failed++;
                    spec.commandLine().getErr().println("wvo: " + member.id() + " not started: " + limited.get()
                            + ". Lift a limit now with `wvo limits clear ACCOUNT`, or give it an --agent whose account "
                            + "is not limited");
                    continue;
                }
                if (!first && !wait.isZero()) {
                    out.println("waiting " + DurationText.format(wait) + " before " + member.id() + " (stagger)");
                    out.flush();
                    Thread.sleep(wait.toMillis());
                }
                first = false;
                control.clear(member.id()); // a stop left for this id by `wvo down` would end it at once
                record.add(List.of(member.id()));
                try {
                    spawner.spawnAs(member.id(), member.arguments()).forEach(out::println);
                } catch (ShellFailure e) {
                    failed++;
                    spec.commandLine().getErr().println("wvo: " + e.getMessage());
                }
                out.flush();
            }
            return failed == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
