package dev.wvo.worker;

import java.time.Instant;
import java.util.List;

/**
 * What a worker tells others about itself in {@code state/workers/<id>.json}. Only that worker
 * writes the file. Whether the worker is alive is not read from here but from its presence lock
 * ({@link dev.wvo.schedule.WorkerPresence}); this file is for people and dashboards.
 *
 * @param id          the worker id
 * @param pid         its process id
 * @param host        its host
 * @param agent       the backend it uses now
 * @param startedAt   when it started
 * @param heartbeatAt when it last rewrote this file
 * @param status      what it does
 * @param task        the task it runs, or null
 * @param attempt     that task's attempt, or null
 * @param taskStartedAt when it started that task, or null
 * @param detail      a short note (the rate limit it waits on, why it stops), or null
 * @param processes   the agent processes it ran at its last heartbeat, which a reclaim stops if it dies
 */
public record WorkerRecord(String id, long pid, String host, String agent, Instant startedAt, Instant heartbeatAt,
                           WorkerStatus status, String task, Integer attempt, Instant taskStartedAt, String detail,
                           List<RecordedProcess> processes) {

    public WorkerRecord {
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    public WorkerRecord with(WorkerStatus newStatus, String newTask, Integer newAttempt, Instant newTaskStart,
                             String newDetail) {
        return new WorkerRecord(id, pid, host, agent, startedAt, heartbeatAt, newStatus, newTask, newAttempt,
                newTaskStart, newDetail, processes);
    }

    public WorkerRecord withAgent(String newAgent) {
        return new WorkerRecord(id, pid, host, newAgent, startedAt, heartbeatAt, status, task, attempt, taskStartedAt, detail,
                processes);
    }

    /** This record as written at a heartbeat: its time, and the agent processes running then. */
    public WorkerRecord beatingAt(Instant now, List<RecordedProcess> running) {
        return new WorkerRecord(id, pid, host, agent, startedAt, now, status, task, attempt, taskStartedAt, detail,
                running);
    }
}
