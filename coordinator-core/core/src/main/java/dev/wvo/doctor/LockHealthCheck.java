package dev.wvo.doctor;

import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;
import dev.wvo.schedule.WorkerPresence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Locks whose holders are stale (and why), lock files that hold no record, and tasks still
 * claimed by workers that are gone. Nothing is changed: each finding says which command repairs it.
 */
public final class LockHealthCheck {

    static final String AREA = "locks";

    private final LockManager locks;

    /** @param locks a manager on the state directory's {@code locks/}, used only to inspect */
    public LockHealthCheck(LockManager locks) {
        this.locks = locks;
    }

    /** @param roadmap the loaded roadmap, if it loaded, whose claims are checked */
    public List<Finding> run(Optional<Roadmap> roadmap) {
        List<Finding> findings = new ArrayList<>();
        List<LockInfo> all = locks.inspect();
        int live = 0;
        for (LockInfo lock : all) {
            if (lock.corrupt() != null) {
                findings.add(Finding.warn(AREA, "garbage lock file", lock.resource() + ": " + lock.corrupt(),
                        "wvo lock list removes it (it never holds a live lock)"));
            } else if (!lock.holders().isEmpty() && lock.isStale()) {
                String why = lock.holders().stream().map(h -> h.describe() + " " + reason(h))
                        .collect(Collectors.joining("; "));
                findings.add(Finding.warn(AREA, "stale lock", lock.resource() + " held by " + why,
                        "the next acquirer takes it over; or wvo lock break '" + lock.resource() + "'"));
            } else if (!lock.holders().isEmpty()) {
                live++;
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, "locks", all.size() + " lock(s), " + live + " held by live processes, none stale"));
        }
        roadmap.ifPresent(r -> findings.addAll(claims(r)));
        return findings;
    }

    private static String reason(HolderInfo holder) {
        return switch (holder.staleness()) {
            case PROCESS_DEAD -> "is stale: the process is gone";
            case HOST_REBOOTED -> "is stale: its machine restarted since";
            case LEASE_EXPIRED -> "is stale: no heartbeat since " + holder.heartbeatAt() + " (lease " + holder.lease() + ")";
            case ALIVE -> "is alive";
        };
    }

    private List<Finding> claims(Roadmap roadmap) {
        WorkerPresence presence = new WorkerPresence(locks);
        List<Finding> findings = new ArrayList<>();
        int inProgress = 0;
        for (TaskState task : RoadmapBoardStore.statesOf(roadmap)) {
            if (!Runnability.IN_PROGRESS.equals(task.status()) || task.claim() == null) {
                continue;
            }
            inProgress++;
            String worker = task.claim().worker();
            if (!presence.holds(task.claim())) {
                findings.add(Finding.warn(AREA, "stale claim", "task " + task.id() + " is in_progress for worker "
                        + worker + " (attempt " + task.claim().attempt() + ", claimed " + task.claim().claimedAt()
                        + "), which is not running" + (presence.isAlive(worker) ? " (a later worker runs under its id)" : ""),
                        "wvo reclaim (puts the task back, counting the attempt)"));
            }
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, "claims", inProgress + " task(s) in progress, each by a live worker"));
        }
        return findings;
    }
}
