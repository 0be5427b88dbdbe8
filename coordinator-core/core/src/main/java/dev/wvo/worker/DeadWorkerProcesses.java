package dev.wvo.worker;

import dev.wvo.lock.HostIdentity;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.AgentProcess;

import java.util.ArrayList;
import java.util.List;

/**
 * Stops what a dead worker left running: the agent processes its file recorded at its last
 * heartbeat, each with its whole process tree. The JVM's parent-death watch (see
 * {@link AgentProcess}) ends an agent as soon as its worker's JVM dies where the system has
 * {@code setsid}; this
 * is the second line, for systems without it and for a watch that was itself killed. Only workers
 * of this host count, only when their presence lock is gone and their JVM's pid no longer runs,
 * and only processes that still run with the recorded start time: a pid reused since is another
 * process, left alone.
 */
public final class DeadWorkerProcesses {

    private final WorkerRegistry registry;
    private final WorkerPresence presence;
    private final String host;

    public DeadWorkerProcesses(WorkerRegistry registry, WorkerPresence presence) {
        this(registry, presence, HostIdentity.current().hostName());
    }

    DeadWorkerProcesses(WorkerRegistry registry, WorkerPresence presence, String host) {
        this.registry = registry;
        this.presence = presence;
        this.host = host;
    }

    /**
     * A process stopped, and whose it was.
     *
     * @param worker  the dead worker that ran it
     * @param process the process, as the worker recorded it
     */
    public record Stopped(String worker, RecordedProcess process) {
    }

    /** Stops the recorded processes of every dead worker of this host that still run. */
    public List<Stopped> stop() {
        List<Stopped> stopped = new ArrayList<>();
        for (WorkerRecord worker : registry.list()) {
            if (worker.processes().isEmpty() || !host.equals(worker.host()) || runs(worker)
                    || presence.isAlive(worker.id())) {
                continue;
            }
            for (RecordedProcess process : worker.processes()) {
                process.find().ifPresent(p -> {
                    AgentProcess.stopTree(p);
                    stopped.add(new Stopped(worker.id(), process));
                });
            }
        }
        return stopped;
    }

    /** Whether the worker's JVM still runs: its pid alive, started no later than the worker. */
    private static boolean runs(WorkerRecord worker) {
        return ProcessHandle.of(worker.pid()).filter(ProcessHandle::isAlive)
                .map(p -> p.info().startInstant().map(t -> !t.isAfter(worker.startedAt())).orElse(true))
                .orElse(false);
    }
}
