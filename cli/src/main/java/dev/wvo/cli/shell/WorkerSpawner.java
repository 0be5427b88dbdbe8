package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shell's {@code spawn} and {@code wvo up}: picks a free worker id (or takes the pool's), starts a detached worker under it and waits
 * until the worker has registered, so the answer names a worker that runs. The id must be known
 * before the start to name the log; another process may take it in between, and then the worker
 * refuses to start and the shell says so.
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
    /** Workers this shell started, by id: an id whose process lives is not free even before it registers. */
    private final Map<String, Process> started = new HashMap<>();
    private List<String> last = List.of();

    public WorkerSpawner(WorkerLauncher launcher, Path stateDir, LockManager locks) {
        this.launcher = launcher;
        this.presence = new WorkerPresence(locks);
        this.registry = new WorkerRegistry(new StateDir(stateDir).workers());
        this.control = new WorkerControl(new StateDir(stateDir));
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
        return spawnAs(freeId(), arguments);
    }

    /**
     * Starts one worker under the given id ({@code wvo up}'s pool) and answers its id, pid and log.
     *
     * @throws ShellFailure when it cannot start, or ends at once, saying why
     */
    public List<String> spawnAs(String id, List<String> arguments) {
        Process process;
        try {
            process = launcher.start(id, arguments);
        } catch (IOException e) {
            throw new ShellFailure("cannot start a worker: " + e.getMessage());
        }
        started.put(id, process);
        last = List.copyOf(arguments);
        Path log = launcher.logOf(id);
        String where = "; log " + log;
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (registered(id, process.pid())) {
                return List.of("started " + id + " (pid " + process.pid() + ", agent "
                        + arguments.get(arguments.indexOf("--agent") + 1) + ")" + where);
            }
            if (!process.isAlive()) {
                started.remove(id);
                String said = lastLines(log);
                if (said.contains("already runs as")) {
                    throw new ShellFailure("another worker took the id " + id + " while this one started; nothing "
                            + "runs as spawned: spawn again" + where);
                }
                throw new ShellFailure("the worker " + id + " ended at once with status " + process.exitValue()
                        + (said.isEmpty() ? "" : ": " + said) + where);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.of("started " + id + " (pid " + process.pid() + "), not registered yet after "
                + STARTUP.toSeconds() + " s" + where);
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

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - LOG_LINES_SHOWN), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
