package dev.wvo.cli.shell;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.Accounts;
import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.config.Config;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The shell's {@code spawn} and {@code wvo up}: picks a free worker id (or takes the pool's), starts a detached worker under it and waits
 * until the worker has registered, so the answer names a worker that runs. The id must be known
 * before the start to name the log; another process may take it in between, and then the worker
 * refuses to start and the shell says so. While every account of the pool is limited and the new
 * worker would add no usable one, spawn refuses ({@link #allLimited}, which {@code wvo up} asks too):
 * the worker would only park.
 */
public final class WorkerSpawner {

    /** How long a worker may take to start and register before spawn answers without it. */
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 100;
    private static final int LOG_LINES_SHOWN = 3;

    private final WorkerLauncher launcher;
    private final WorkerPresence presence;
    private final WorkerRegistry registry;
    private final WorkerControl control;
    private final LockManager locks;
    private final Accounts accounts;
    private final RateLimitBoard board;
    /** Workers this shell started, by id: an id whose process lives is not free even before it registers. */
    private final Map<String, Process> started = new HashMap<>();
    private List<String> last = List.of();

    /** @param config the state's config.yaml: its accounts and limits, to judge whether a new worker could work */
    public WorkerSpawner(WorkerLauncher launcher, Path stateDir, LockManager locks, Config config) {
        this.launcher = launcher;
        this.presence = new WorkerPresence(locks);
        this.registry = new WorkerRegistry(new StateDir(stateDir).workers());
        this.control = new WorkerControl(new StateDir(stateDir));
        this.locks = locks;
        this.accounts = config.accounts();
        this.board = new RateLimitBoard(stateDir, locks, Clock.systemUTC(), config.limits());
    }

    /** The worker options of the last spawn, empty before the first. */
    public List<String> lastArguments() {
        return last;
    }

    /**
     * Starts one worker and answers its id, pid and log.
     *
     * @param arguments the options of {@code wvo worker}, {@code --agent} among them
     * @throws ShellFailure when it cannot start, or ends at once, saying why
     */
    public List<String> spawn(List<String> arguments) {
        if (control.requestFor(WorkerControl.ALL) == WorkerControl.Request.STOP) {
            throw new ShellFailure("a stop request for all workers holds (from stop all), so a new worker would stop "
                    + "at once; type worker resume all first");
        }
        allLimited(arguments).ifPresent(why -> {
            throw new ShellFailure(why + ". Lift a limit now with limits clear ACCOUNT, or spawn with an --agent whose "
                    + "account is not limited");
        });
        return spawnAs(freeId(), arguments);
    }

    /**
     * Starts one worker under the given id ({@code wvo up}'s pool) and answers its id, pid and log.
     *
     * @throws ShellFailure when it cannot start, or ends at once, saying why
     */
    public List<String> spawnAs(String id, List<String> arguments) {
        return spawnAs(List.of(id), arguments, Duration.ZERO);
    }

    /**
     * Starts one process hosting workers under the given ids ({@code wvo up --one-process}), each
     * {@code stagger} after the one before, and answers once all have registered: their ids, the
     * pid and the log (the first id's).
     *
     * @param arguments the options of {@code wvo worker} for every one of them, {@code --agent} among them
     * @throws ShellFailure when it cannot start, or ends at once, saying why
     */
    public List<String> spawnAs(List<String> ids, List<String> arguments, Duration stagger) {
        List<String> args = new ArrayList<>(arguments);
        if (ids.size() > 1 && !stagger.isZero()) {
            args.addAll(List.of("--stagger", stagger.toMillis() + "ms"));
        }
        Process process;
        try {
            process = launcher.start(ids, args);
        } catch (IOException e) {
            throw new ShellFailure("cannot start a worker: " + e.getMessage());
        }
        ids.forEach(id -> started.put(id, process));
        last = List.copyOf(arguments);
        String names = String.join(", ", ids);
        Path log = launcher.logOf(ids.get(0));
        String where = "; log " + log;
        String agent = arguments.get(arguments.indexOf("--agent") + 1);
        long deadline = System.nanoTime() + STARTUP.plus(stagger.multipliedBy(ids.size() - 1L)).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> missing = ids.stream().filter(id -> !registered(id, process.pid())).toList();
            if (missing.isEmpty()) {
                return List.of("started " + names + (ids.size() == 1 ? "" : " in one process") + " (pid "
                        + process.pid() + ", agent " + agent + ")" + where);
            }
            boolean alive = process.isAlive(); // looked at before the log: a process that ended had written all of it
            // a hosted worker that fails (its id taken meanwhile) leaves the process to the others: it never registers
            Map<String, String> ended = ids.size() == 1 ? Map.of() : endedInTheProcess(log, missing);
            if (ended.size() == missing.size()) {
                ended.keySet().forEach(started::remove);
                List<String> running = ids.stream().filter(id -> !ended.containsKey(id)).toList();
                throw new ShellFailure((running.isEmpty() ? "no worker runs in process " + process.pid()
                        : String.join(", ", running) + " started in process " + process.pid()) + "; "
                        + ended.entrySet().stream().map(e -> e.getKey() + " ended at once: " + e.getValue())
                                .collect(Collectors.joining("; "))
                        + ". Start " + String.join(", ", ended.keySet()) + " again with wvo up" + where);
            }
            if (!alive) {
                ids.forEach(started::remove);
                String said = lastLines(log);
                if (said.contains("already runs as")) {
                    throw new ShellFailure("another worker took the id " + names + " while this one started; nothing "
                            + "runs as spawned: spawn again" + where);
                }
                throw new ShellFailure("the worker " + names + " ended at once with status " + process.exitValue()
                        + (said.isEmpty() ? "" : ": " + said) + where);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        List<String> missing = ids.stream().filter(id -> !registered(id, process.pid())).toList();
        return List.of("started " + names + " (pid " + process.pid() + "), " + String.join(", ", missing)
                + " not registered yet after " + STARTUP.plus(stagger.multipliedBy(ids.size() - 1L)).toSeconds() + " s"
                + where);
    }

    /**
     * Why a new worker with these options would only park, or empty when it could work: every
     * account of the live workers and of its own chain is limited. A limit may lift between this
     * look and the start; the worker then simply works, and one that is refused can be started
     * again at the reset.
     *
     * @param arguments the options of {@code wvo worker}, {@code --agent} among them
     */
    public Optional<String> allLimited(List<String> arguments) {
        List<Account> chain;
        try {
            chain = accounts.chain(agentsOf(arguments));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an account config.yaml does not define: the worker says so, with the accounts it does
        }
        return board.allLimited(registry.liveAccountsWith(locks, chain)).map(WorkerSpawner::wouldOnlyWait);
    }

    /** Why no worker is added while every account of the pool is limited, {@code first} lifting first. */
    public static String wouldOnlyWait(RateLimitBoard.Limit first) {
        return "all agents are limited until " + ClockTime.of(first.until()) + " (" + first.account() + " resets first"
                + (first.reason() == null ? "" : ": " + first.reason()) + "), so a new worker would only wait; the "
                + "workers go on by themselves then";
    }

    /** The {@code --agent} and {@code --fallback} values of a worker's arguments, in order. */
    private static List<String> agentsOf(List<String> arguments) {
        List<String> agents = new ArrayList<>();
        for (int i = 0; i + 1 < arguments.size(); i++) {
            if (arguments.get(i).equals("--agent") || arguments.get(i).equals("--fallback")) {
                agents.addAll(List.of(arguments.get(i + 1).split(",")));
            }
        }
        return agents;
    }

    /** True once the worker wrote its record with this pid (it does so after taking its presence lock). */
    private boolean registered(String id, long pid) {
        return registry.read(id).map(WorkerRecord::pid).filter(p -> p == pid).isPresent();
    }

    /** The first of {@code worker1, worker2, ...} that no live worker holds and no worker of this shell is starting under. */
    private String freeId() {
        started.values().removeIf(p -> !p.isAlive());
        for (int n = 1; ; n++) {
            String id = "worker" + n;
            if (!started.containsKey(id) && !presence.isAlive(id)) {
                return id;
            }
        }
    }

    /**
     * The hosted workers among {@code ids} that ended in their process, with what each said: a
     * hosted worker's failure is a line of {@link WorkerLauncher#endedLine} in the process's log.
     */
    private static Map<String, String> endedInTheProcess(Path log, List<String> ids) {
        Map<String, String> ended = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(log)) {
                for (String id : ids) {
                    String prefix = WorkerLauncher.endedLine(id);
                    if (line.startsWith(prefix)) {
                        ended.putIfAbsent(id, line.substring(prefix.length()));
                    }
                }
            }
        } catch (IOException e) {
            return Map.of(); // not written yet
        }
        return ended;
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
