package dev.wvo.cli.shell;

import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.EventLines;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.ProgressBar;
import dev.wvo.cli.render.TextTable;
import dev.wvo.cli.render.UsageText;
import dev.wvo.events.Event;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The live part of the interactive shell, as text lines: workers with their task, status,
 * elapsed time and a spinner while they run; the task counts with a progress bar; rate limits and
 * conflicts; the merge queue; the last events. Drawn from the same {@link StatusSnapshot}, with
 * the same tables, bars and durations, as {@code wvo status}; again at every tick, so the spinner turns.
 */
final class Dashboard {

    private static final String SPINNER = "|/-\\";
    /** How many merge-queue entries the panel lists; those needing attention come first. */
    static final int QUEUE_LINES = 5;
    private static final int BAR_WIDTH = 30;

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
        StatusSnapshot.Tasks tasks = s.tasks();
        int done = tasks.count("done");
        lines.add("wvo shell - " + s.readAt().toString().replaceFirst("\\.\\d+Z$", "Z")
                + "   (type help; Tab completes; quit leaves)");
        lines.add("Tasks    " + ProgressBar.of(done, tasks.total(), BAR_WIDTH, UnaryOperator.identity()) + " " + done
                + "/" + tasks.total() + " done   " + String.join(", ", tasks.counts().entrySet().stream()
                .filter(e -> e.getValue() > 0).map(e -> e.getValue() + " " + e.getKey()).toList()));
        lines.add("Limits   " + rateLimits(s.rateLimits()) + conflictCounts(s)
                + (tasks.needsAttention().isEmpty() ? "" : "   needs attention: " + String.join(", ",
                tasks.needsAttention().stream().map(NeedsAttention::id).toList())));
        for (StatusSnapshot.Retrying t : tasks.retrying()) {
            lines.add("Retrying " + t.id() + " (" + t.attempts() + "/" + t.maxAttempts() + "): " + t.reason());
        }
        if (s.cost().total().runs() > 0) {
            lines.add("Cost     " + s.cost().total().runs() + " agent run" + (s.cost().total().runs() == 1 ? "" : "s")
                    + " · " + UsageText.of(s.cost().total().usage()));
        }
        lines.add("Workers");
        if (s.workers().isEmpty()) {
            lines.add("  (none)");
        } else {
            TextTable workers = new TextTable(List.of(" ", "WORKER", "STATUS", "TASK", "ELAPSED", "DETAIL"));
            for (StatusSnapshot.WorkerLine w : s.workers()) {
                String mark = !w.alive() ? "x" : w.record().status() == WorkerStatus.WORKING
                        ? String.valueOf(SPINNER.charAt((int) (tick % SPINNER.length()))) : "-";
                workers.add(cells(mark, w.id(), w.record().status().label() + (w.alive() ? "" : " (gone)"),
                        w.record().task() == null ? null : w.record().task()
                                + (w.record().attempt() == null ? "" : "#" + w.record().attempt()),
                        w.record().taskStartedAt() == null ? null
                                : DurationText.age(Duration.between(w.record().taskStartedAt(), s.readAt())),
                        w.record().detail()));
            }
            workers.lines(UnaryOperator.identity()).forEach(l -> lines.add("  " + l));
        }
        mergeQueue(s, lines);
        lines.add("Events");
        List<Event> recent = s.recentEvents();
        EventLines eventLines = new EventLines(Palette.PLAIN);
        recent.subList(Math.max(0, recent.size() - events), recent.size())
                .forEach(e -> lines.add("  " + eventLines.format(e)));
        if (recent.isEmpty()) {
            lines.add("  (none)");
        }
        return lines.stream().map(l -> l.length() > width ? l.substring(0, Math.max(0, width - 1)) + "…" : l).toList();
    }

    /** The rate limits in one line. */
    private static String rateLimits(List<RateLimitBoard.Limit> limits) {
        return limits.isEmpty() ? "none" : String.join(", ", limits.stream()
                .map(l -> l.backend() + " until " + l.until()).toList());
    }

    /** "   conflicts: 2 artifact, 1 roadmap, 1 merge", only the kinds there are; empty when none. */
    private static String conflictCounts(StatusSnapshot s) {
        List<String> kinds = new ArrayList<>();
        StatusSnapshot.Conflicts c = s.conflicts();
        if (!c.artifacts().isEmpty()) {
            kinds.add(c.artifacts().size() + " artifact");
        }
        if (!c.roadmap().isEmpty()) {
            kinds.add(c.roadmap().size() + " roadmap");
        }
        if (!c.mergeQueue().isEmpty()) {
            kinds.add(c.mergeQueue().size() + " merge");
        }
        return kinds.isEmpty() ? "" : "   conflicts: " + String.join(", ", kinds);
    }

    /**
     * The merge queue, if it has anything not yet merged: the entries a person must act on
     * first, then the queued ones, at most {@link #QUEUE_LINES}; merged entries only counted.
     */
    private static void mergeQueue(StatusSnapshot s, List<String> lines) {
        List<StatusSnapshot.QueueLine> open = new ArrayList<>(s.conflicts().mergeQueue());
        s.mergeQueue().stream().filter(q -> "QUEUED".equals(q.status())).forEach(open::add);
        long merged = s.mergeQueue().stream().filter(q -> "MERGED".equals(q.status())).count();
        if (open.isEmpty() && merged == 0) {
            return;
        }
        lines.add("Merge queue" + (merged == 0 ? "" : "   " + merged + " merged"));
        if (!open.isEmpty()) {
            TextTable queue = new TextTable(List.of("TASK", "BRANCH", "STATUS", "AGE", "DETAIL"));
            for (StatusSnapshot.QueueLine q : open.subList(0, Math.min(QUEUE_LINES, open.size()))) {
                queue.add(cells(q.task(), q.branch(), q.status(), DurationText.age(q.age()), q.detail()));
            }
            queue.lines(UnaryOperator.identity()).forEach(l -> lines.add("  " + l));
        }
        if (open.size() > QUEUE_LINES) {
            lines.add("  … " + (open.size() - QUEUE_LINES) + " more");
        }
    }

    private static List<TextTable.Cell> cells(String... texts) {
        List<TextTable.Cell> cells = new ArrayList<>();
        for (String text : texts) {
            cells.add(TextTable.Cell.plain(text == null || text.isEmpty() ? "-" : text));
        }
        return cells;
    }
}
