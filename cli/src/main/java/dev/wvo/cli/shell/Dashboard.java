package dev.wvo.cli.shell;

import dev.wvo.cli.UsageText;
import dev.wvo.events.Event;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * The live part of the interactive shell, as text lines: workers with their task, status,
 * elapsed time and a spinner while they run; the task counts with a progress bar; rate limits and
 * conflicts; the merge queue; the last events. Drawn again at every tick, so the spinner turns.
 */
final class Dashboard {

    private static final String SPINNER = "|/-\\";
    /** How many merge-queue entries the panel lists; those needing attention come first. */
    static final int QUEUE_LINES = 5;

    private Dashboard() {
    }

    /**
     * @param s      the snapshot to show
     * @param tick   the refresh count, which turns the spinner
     * @param width  the terminal's width; longer lines are cut
     * @param events how many recent events to show
     */
    static List<String> render(StatusSnapshot s, long tick, int width, int events) {
        List<String> lines = new ArrayList<>();
        lines.add("wvo shell - " + s.readAt().toString().replaceFirst("\\.\\d+Z$", "Z")
                + "   (type help; Tab completes; + spawns, - stops a worker; quit leaves)");
        lines.add("Tasks    " + ShellCommands.progressBar(s, 30) + "   "
                + String.join(", ", s.counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).toList()));
        lines.add("Limits   " + ShellCommands.rateLimits(s.rateLimits()) + conflictCounts(s)
                + (s.needsAttention().isEmpty() ? "" : "   needs attention: " + String.join(", ",
                        s.needsAttention().stream().map(dev.wvo.reactions.NeedsAttention::id).toList())));
        if (s.cost().runs() > 0) {
            lines.add("Cost     " + s.cost().runs() + " agent run" + (s.cost().runs() == 1 ? "" : "s") + " · "
                    + UsageText.of(s.cost().usage()));
        }
        lines.add("Workers");
        if (s.workers().isEmpty()) {
            lines.add("  (none)");
        }
        Columns workers = new Columns(" ", "WORKER", "STATUS", "TASK", "ELAPSED", "DETAIL");
        for (StatusSnapshot.WorkerLine w : s.workers()) {
            String mark = !w.alive() ? "x" : w.record().status() == WorkerStatus.WORKING
                    ? String.valueOf(SPINNER.charAt((int) (tick % SPINNER.length()))) : "-";
            workers.add(mark, w.id(), w.record().status().label() + (w.alive() ? "" : " (gone)"),
                    w.record().task() == null ? null : w.record().task()
                            + (w.record().attempt() == null ? "" : "#" + w.record().attempt()),
                    ShellCommands.elapsed(w, s), w.record().detail());
        }
        if (!s.workers().isEmpty()) {
            workers.lines().forEach(l -> lines.add("  " + l));
        }
        mergeQueue(s, lines);
        lines.add("Events");
        List<Event> recent = s.recentEvents();
        recent.subList(Math.max(0, recent.size() - events), recent.size())
                .forEach(e -> lines.add("  " + ShellCommands.eventLine(e)));
        if (recent.isEmpty()) {
            lines.add("  (none)");
        }
        return lines.stream().map(l -> l.length() > width ? l.substring(0, Math.max(0, width - 1)) + "…" : l).toList();
    }

    /** "   conflicts: 2 artifact, 1 roadmap, 1 merge", only the kinds there are; empty when none. */
    private static String conflictCounts(StatusSnapshot s) {
        List<String> kinds = new ArrayList<>();
        if (!s.conflicts().isEmpty()) {
            kinds.add(s.conflicts().size() + " artifact");
        }
        if (!s.roadmapConflicts().isEmpty()) {
            kinds.add(s.roadmapConflicts().size() + " roadmap");
        }
        if (!s.mergeQueueProblems().isEmpty()) {
            kinds.add(s.mergeQueueProblems().size() + " merge");
        }
        return kinds.isEmpty() ? "" : "   conflicts: " + String.join(", ", kinds);
    }

    /**
     * The merge queue, if it has anything not yet merged: the entries a person must act on
     * first, then the queued ones, at most {@link #QUEUE_LINES}; merged entries only counted.
     */
    private static void mergeQueue(StatusSnapshot s, List<String> lines) {
        List<StatusSnapshot.QueueLine> open = new ArrayList<>(s.mergeQueueProblems());
        s.mergeQueue().stream().filter(q -> "QUEUED".equals(q.status())).forEach(open::add);
        long merged = s.mergeQueue().stream().filter(q -> "MERGED".equals(q.status())).count();
        if (open.isEmpty() && merged == 0) {
            return;
        }
        lines.add("Merge queue" + (merged == 0 ? "" : "   " + merged + " merged"));
        Columns queue = new Columns("TASK", "BRANCH", "STATUS", "AGE", "DETAIL");
        for (StatusSnapshot.QueueLine q : open.subList(0, Math.min(QUEUE_LINES, open.size()))) {
            queue.add(q.task(), q.branch(), q.status(), q.age() == null ? null : Durations.format(q.age()),
                    q.conflictPaths().isEmpty() ? q.failure() : String.join(", ", q.conflictPaths()));
        }
        if (!open.isEmpty()) {
            queue.lines().forEach(l -> lines.add("  " + l));
        }
        if (open.size() > QUEUE_LINES) {
            lines.add("  … " + (open.size() - QUEUE_LINES) + " more");
        }
    }
}
