package dev.wvo.cli.render;

import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.git.MergeQueue;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the live views (the shell's full screen and the web page) say of a snapshot in the same
 * words: a worker's state, a task's stage, which merge-queue entries are open and what is
 * merging.
 */
public final class StatusWords {

    private StatusWords() {
    }

    /** {@code working}, {@code idle}, {@code paused}, {@code stopping}, {@code limited (detail)}, or {@code dead}. */
    public static String workerState(StatusSnapshot.WorkerLine w) {
        if (!w.alive()) {
            return "dead";
        }
        return w.record().status() == WorkerStatus.RATE_LIMITED
                ? "limited" + (w.record().detail() == null ? "" : " (" + w.record().detail() + ")")
                : w.record().status().label();
    }

    /** The pipeline stage of a task in progress ({@code review 2/3}), or null. */
    public static String stageOf(StatusSnapshot s, String task) {
        return task == null ? null : s.tasks().inProgress().stream().filter(t -> task.equals(t.id()))
                .map(StatusSnapshot.TaskInProgress::stage).filter(st -> st != null).findFirst().orElse(null);
    }

    /** The merge-queue entries a person must act on, then the queued ones, in queue order. */
    public static List<StatusSnapshot.QueueLine> openEntries(StatusSnapshot s) {
        List<StatusSnapshot.QueueLine> open = new ArrayList<>(s.conflicts().mergeQueue());
        s.mergeQueue().stream().filter(q -> "QUEUED".equals(q.status())).forEach(open::add);
        return open;
    }

    /** True while a worker holds the merge queue's lock, landing its head. */
    public static boolean merging(StatusSnapshot s) {
        return s.locks().stream().anyMatch(l -> l.resource().equals(MergeQueue.LOCK_RESOURCE) && !l.holders().isEmpty());
    }

    /** The task of the last landing among the recent events. */
    public static Optional<String> lastLanded(StatusSnapshot s) {
        return s.recentEvents().stream().filter(e -> e.is(EventType.MERGE)).reduce((a, b) -> b).map(Event::task);
    }

    /** How many entries are merged. */
    public static long landed(StatusSnapshot s) {
        return s.mergeQueue().stream().filter(q -> "MERGED".equals(q.status())).count();
    }
}
