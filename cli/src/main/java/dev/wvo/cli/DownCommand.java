package dev.wvo.cli;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.PoolRecord;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code wvo down}: stops the workers {@code wvo up} started. Without {@code --now} each is asked
 * (through its control file, as {@code wvo worker stop} does) to finish its current task and exit;
 * with {@code --now} a worker of this host also gets SIGTERM, which stops its agent and gives the
 * task back without spending the attempt, and {@code down} waits until they are gone.
 */
@Command(name = "down", header = "Stop the pool that `wvo up` started: after the current task, or at once with --now.",
        description = "Workers started by hand are left alone (stop them with `wvo worker stop ID`). With --now, a worker "
                + "on another host gets only the request, since no signal crosses hosts; it stops between steps.")
final class DownCommand implements Callable<Integer> {

    /** How long --now waits for the workers to give their tasks back and exit (theirs is 30 s each). */
    private static final Duration NOW_PATIENCE = Duration.ofSeconds(40);
    private static final long POLL_MILLIS = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = "--now", description = "Stop the running agents at once and give their tasks back (attempts not counted).")
    private boolean now;

    @Override
    public Integer call() throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        PrintWriter out = spec.commandLine().getOut();
        List<String> pool = new PoolRecord(dir).workers();
        WorkerControl control = new WorkerControl(dir);
        WorkerRegistry registry = new WorkerRegistry(dir.workers());
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("wvo-down"))) {
            WorkerPresence presence = new WorkerPresence(locks);
            List<String> running = pool.stream().filter(presence::isAlive).toList();
            forgetGone(locks, presence, dir);
            if (running.isEmpty()) {
                out.println(pool.isEmpty() ? "No pool: `wvo up` has not started any worker here."
                        : "No worker of the pool runs (" + String.join(", ", pool) + ").");
                out.flush();
                return ExitCodes.OK;
            }
            String thisHost = HostIdentity.current().hostName();
            // SIGTERM reaches a process, and a process may host several workers (`up --one-process`):
            // it is sent only when every live worker of that process is to stop
            Map<Long, List<String>> byProcess = new HashMap<>();
            registry.list().stream().filter(r -> thisHost.equals(r.host()) && presence.isAlive(r.id()))
                    .forEach(r -> byProcess.computeIfAbsent(r.pid(), p -> new ArrayList<>()).add(r.id()));
            Set<Long> signalledProcesses = new HashSet<>();
            List<String> signalled = new ArrayList<>();
            for (String id : running) {
                control.request(id, WorkerControl.Request.STOP);
                Optional<WorkerRecord> record = registry.read(id);
                if (now && record.isPresent() && thisHost.equals(record.get().host())
                        && running.containsAll(byProcess.getOrDefault(record.get().pid(), List.of(id)))) {
                    long pid = record.get().pid();
                    ProcessHandle.of(pid).ifPresent(p -> {
                        if (signalledProcesses.add(pid)) {
                            p.destroy(); // SIGTERM: the process's hook stops its agents and gives the tasks back
                        }
                        signalled.add(id);
                    });
                }
            }
            if (!now) {
                out.println("asked " + String.join(", ", running) + " to stop after the current task; "
                        + "`wvo ps` shows them until they have");
                out.flush();
                return ExitCodes.OK;
            }
            long deadline = System.nanoTime() + NOW_PATIENCE.toNanos();
            List<String> left = running;
            while (!left.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(POLL_MILLIS);
                left = left.stream().filter(presence::isAlive).toList();
            }
            List<String> stopped = running.stream().filter(id -> !presence.isAlive(id)).toList();
            forgetGone(locks, presence, dir);
            out.println((stopped.isEmpty() ? "none stopped yet" : "stopped " + String.join(", ", stopped))
                    + (left.isEmpty() ? "" : "; still running: " + String.join(", ", left)
                    + (signalled.containsAll(left) ? "" : " (asked only, since on another host or in one process with "
                    + "workers that are not of the pool: it stops between steps)")));
            out.flush();
            return left.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }

    /**
     * Drops the pool's workers that are gone from pool.json, under the pool lock; when a {@code wvo up}
     * holds it, that {@code up} does so itself.
     */
    private static void forgetGone(LockManager locks, WorkerPresence presence, StateDir dir) {
        locks.tryAcquire(PoolRecord.LOCK, LockMode.EXCLUSIVE).ifPresent(held -> {
            try (held) {
                new PoolRecord(dir).retain(presence::isAlive);
            }
        });
    }
}
