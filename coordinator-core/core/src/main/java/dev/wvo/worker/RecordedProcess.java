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

    /** The records of running processes; one whose start time the system hides cannot be told apart, and is left out. */
    static List<RecordedProcess> of(List<ProcessHandle> processes) {
        return processes.stream().flatMap(p -> p.info().startInstant().map(t -> new RecordedProcess(p.pid(), t))
                .stream()).toList();
    }

    /** This process, if it still runs: the same pid, started at the same time. */
    Optional<ProcessHandle> find() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().startInstant().map(t -> t.equals(startedAt)).orElse(false));
    }
}
