package dev.wvo.worker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A process a worker runs for an agent (or its merge test), as its worker file records it, so that
 * a reclaim after the worker's death can stop it. The start time tells it from a later process
 * that got the same pid.
 *
 * @param pid       the process id
 * @param startedAt when it started, or null if the system does not say
 */
public record RecordedProcess(long pid, Instant startedAt) {

    /**
     * The records of running processes; one whose start time the system hides cannot be told apart,
     * and is left out. A process that {@code known} (the records of the last heartbeat) already has
     * keeps its record: its start time cannot have changed, and reading it again costs
     * {@link ProcessHandle#info()} (several files under {@code /proc} and a user lookup) per agent
     * per heartbeat. A pid of {@code known} that is another process now would need the agent to end
     * and its pid to be given out again between two heartbeats, which the kernel's cycling through
     * its pids does not do.
     */
    static List<RecordedProcess> of(List<ProcessHandle> processes, List<RecordedProcess> known) {
        return processes.stream().flatMap(p -> known.stream().filter(r -> r.pid() == p.pid()).findFirst()
                .or(() -> p.info().startInstant().map(t -> new RecordedProcess(p.pid(), t))).stream()).toList();
    }

    /** This process, if it still runs: the same pid, started at the same time. */
    Optional<ProcessHandle> find() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(t -> t.equals(startedAt)).orElse(false));
    }
}
