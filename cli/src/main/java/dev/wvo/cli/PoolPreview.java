package dev.wvo.cli;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.shell.WorkerSpawner;
import dev.wvo.config.Config;
import dev.wvo.config.WorktreeMode;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.plugins.PluginHost;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.ClaimRules;
import dev.wvo.schedule.Claimant;
import dev.wvo.schedule.FirstClaims;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.TaskView;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerSettings;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code --dry-run} of {@code wvo up} and {@code wvo worker}: checks what a start would check (the
 * configuration, read already; the roadmap; each worker's options, accounts, backends and policy;
 * the git repository when worktrees are on; whether every account it would add to the pool is
 * limited, so that it would only wait) and prints what would start and the task each worker would
 * take first ({@link FirstClaims}). It starts, claims and writes nothing.
 */
final class PoolPreview {

    /** As {@code wvo worker} waits when idle; a dry run only needs a valid value. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(30);

    /** The name shown for a worker that will take the first free id when it starts. */
    static final String UNNAMED = "(first free id)";

    private final WvoCommand global;
    private final StateDir dir;
    /** {@code wvo up} starts no worker that would only wait; {@code wvo worker} starts and parks. */
    private final boolean refusedWhileAllLimited;
    private final Clock clock = Clock.systemUTC();

    PoolPreview(WvoCommand global, StateDir dir, boolean refusedWhileAllLimited) {
        this.global = global;
        this.dir = dir;
        this.refusedWhileAllLimited = refusedWhileAllLimited;
    }

    /**
     * Prints the preview of these workers started a stagger apart.
     *
     * @return 0 when everything checks out, 1 when a worker could not start (each problem printed)
     */
    int print(List<PoolWorker> workers, Duration stagger, PrintWriter out) {
        Config config = global.config();
        List<String> problems = new ArrayList<>();
        List<Path> roots = new ArrayList<>(global.pluginDirectories());
        roots.add(dir.plugins());
        try (PluginHost plugins = PluginHost.load(roots);
             LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-dry-run").clock(clock))) {
            RoadmapStore roadmap = new RoadmapStore(dir, locks);
            int tasks = StateAccess.readRoadmap(roadmap).tasks().size();
            List<Claimant> claimants = new ArrayList<>();
            List<String> checked = new ArrayList<>();
            RateLimitBoard limits = new RateLimitBoard(dir.root(), locks, clock, config.limits());
            // the pool as it grows, one start after the other: a refused worker adds only limited accounts
            Set<String> pool = new WorkerRegistry(dir.workers()).liveAccountsWith(locks, List.of());
            List<Optional<String>> waits = new ArrayList<>();
            WorkerPresence presence = new WorkerPresence(locks);
            Set<String> running = new HashSet<>();
            for (PoolWorker worker : workers) {
                if (!worker.id().equals(UNNAMED) && presence.isAlive(worker.id())) {
                    running.add(worker.id()); // `up` leaves it alone: it neither starts nor claims a first task
                    waits.add(Optional.empty());
                    continue;
                }
                if (worker.problem() != null) {
                    problems.add(worker.id() + ": " + worker.problem());
                }
                WorkerRunOptions options = new WorkerRunOptions();
                new CommandLine(options).parseArgs(worker.arguments().toArray(String[]::new));
                WorkerSettings settings = options.settings(worker.id().equals(UNNAMED) ? null : worker.id(), config.backends().forWorker(options.profile(),
                        options.sets()), IDLE_WAIT);
                WorktreeSettings worktree = options.worktree(config.worktree());
                for (String agent : settings.agents().stream().map(Account::backendOf).distinct().toList()) {
                    Optional<AgentBackend> backend = plugins.backend(agent); // claude:work is an account of claude
                    if (backend.isEmpty()) {
                        problems.add(worker.id() + ": unknown agent backend '" + agent + "'; see `wvo plugins list`");
                    } else if (!backend.get().availability().available()
                            && !settings.settingsOf(agent).containsKey("executable")) {
                        problems.add(worker.id() + ": " + agent + " cannot run here: " + backend.get().availability().detail());
                    } else if (!checked.contains(agent)) {
                        checked.add(agent);
                    }
                }
                try {
                    config.accounts().chain(settings.agents()).forEach(a -> pool.add(a.id()));
                    Optional<RateLimitBoard.Limit> first = limits.allLimited(pool);
                    if (first.isPresent() && refusedWhileAllLimited) {
                        problems.add(worker.id() + ": would not start: " + WorkerSpawner.wouldOnlyWait(first.get())
                                + "; see `wvo limits`");
                    }
                    waits.add(first.filter(f -> !refusedWhileAllLimited).map(f -> "parks at once: all agents are "
                            + "limited until " + ClockTime.of(f.until()) + " (" + f.account() + " resets first); see "
                            + "`wvo limits`"));
                } catch (IllegalArgumentException e) {
                    problems.add(worker.id() + ": " + e.getMessage());
                    waits.add(Optional.empty());
                }
                PartitionPolicy policy = null;
                if (settings.policy() != null) {
                    policy = plugins.policy(settings.policy()).orElse(null);
                    if (policy == null) {
                        problems.add(worker.id() + ": unknown partition policy '" + settings.policy()
                                + "'; see `wvo plugins list`");
                    }
                }
                if (worktree.mode() != WorktreeMode.OFF) {
                    Path where = worktree.repo().orElse(settings.workingDirectory());
                    if (new FileRepositoryBuilder().findGitDir(where.toAbsolutePath().toFile()).getGitDir() == null) {
                        problems.add(worker.id() + ": worktrees are on but " + where.toAbsolutePath()
                                + " is in no git repository; give --repo DIR or --worktree off");
                    }
                }
                claimants.add(Claimant.notStarted(worker.id())
                        .withPolicy(policy, settings.options(worker.id()))
                        .withRules(worktree.mode() == WorktreeMode.OFF ? ClaimRules.PLAIN : new ClaimRules(true, true)));
            }
            List<Optional<TaskView>> firsts = FirstClaims.of(new RoadmapBoardStore(roadmap).tasks(), claimants,
                    clock.instant());
            out.println("dry run: nothing starts, nothing is claimed or written");
            out.println("roadmap " + dir.roadmap() + ": " + tasks + " task" + (tasks == 1 ? "" : "s")
                    + "; config " + config.file() + ": read");
            if (workers.size() > 1) {
                out.println(workers.size() + " workers, " + DurationText.format(stagger) + " apart");
            }
            Iterator<Optional<TaskView>> first = firsts.iterator();
            for (int i = 0; i < workers.size(); i++) {
                PoolWorker worker = workers.get(i);
                if (running.contains(worker.id())) {
                    out.println(worker.id() + ": already running; left alone");
                    continue;
                }
                out.println(worker.id() + ": wvo worker " + (worker.id().equals(UNNAMED) ? "" : "--id " + worker.id() + " ")
                        + String.join(" ", worker.arguments()));
                out.println("  first task: " + first.next().map(t -> t.id() + " (" + t.title() + ")")
                        .orElse("none runnable now"));
                waits.get(i).ifPresent(w -> out.println("  " + w));
            }
            if (!checked.isEmpty()) {
                out.println("agents available: " + String.join(", ", checked));
            }
        } catch (CommandLine.ParameterException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage());
        }
        problems.forEach(p -> out.println("problem: " + p));
        out.flush();
        return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
