package dev.wvo.cli.shell;

import dev.wvo.cli.render.AccountText;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.EventSentences;
import dev.wvo.cli.render.ProgressBar;
import dev.wvo.cli.render.StatusWords;
import dev.wvo.cli.render.TextTable;
import dev.wvo.cli.render.UsageText;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerStatus;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The full-screen view's screen, drawn from one {@link StatusSnapshot}: a header, the panels
 * (workers, tasks, merge queue, limits and budgets, events), the answer to the last action, and
 * a line of keys; or a worker's followed output; or the help page. Exactly {@code height} lines
 * of at most {@code width} columns, so the terminal never scrolls. Pure: the same inputs draw the
 * same screen.
 */
final class Panels {

    /** How many workers the panel lists at most; {@code 1}-{@code 9} select them. */
    static final int WORKER_ROWS = 9;
    static final int QUEUE_ROWS = 3;
    static final int ACCOUNT_ROWS = 4;
    static final int EVENT_ROWS = 6;
    static final int ANSWER_ROWS = 8;
    private static final int MIN_TASK_ROWS = 3;
    private static final int BAR_WIDTH = 20;

    /**
     * What one screen shows besides the view's choices.
     *
     * @param snapshot   the state
     * @param lastOutput per working worker, the last line its agent printed
     * @param followed   the end of the followed worker's output, or empty
     * @param now        the time ages are measured to (the snapshot may be a few seconds old)
     * @param zone       the local zone of the times shown
     * @param help       the help page's lines
     */
    record Frame(StatusSnapshot snapshot, Map<String, String> lastOutput, List<String> followed, Instant now,
                 ZoneId zone, List<String> help) {
    }

    /** The styles of the screen: with colour, or (NO_COLOR, a terminal without colours) bold and inverse only. */
    record Styles(boolean color) {
        AttributedStyle title(boolean focused) {
            AttributedStyle s = AttributedStyle.BOLD;
            return focused ? s.inverse() : color ? s.foreground(AttributedStyle.CYAN) : s;
        }

        AttributedStyle selected() {
            return AttributedStyle.INVERSE;
        }

        AttributedStyle bad() {
            return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.RED) : AttributedStyle.DEFAULT;
        }

        AttributedStyle warn() {
            return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW) : AttributedStyle.DEFAULT;
        }

        AttributedStyle good() {
            return color ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN) : AttributedStyle.DEFAULT;
        }

        AttributedStyle dim() {
            return color ? AttributedStyle.DEFAULT.faint() : AttributedStyle.DEFAULT;
        }
    }

    private Panels() {
    }

    static List<AttributedString> render(Frame f, ViewState v, int width, int height, Styles styles) {
        List<AttributedString> lines = new ArrayList<>();
        lines.add(header(f, styles));
        List<AttributedString> footer = new ArrayList<>();
        if (!v.answer.isEmpty()) {
            footer.add(new AttributedString(" Answer (Esc clears) ", styles.title(false)));
            List<String> answer = v.answer.size() > ANSWER_ROWS
                    ? append(v.answer.subList(0, ANSWER_ROWS - 1), "… " + (v.answer.size() - ANSWER_ROWS + 1)
                    + " more lines (: then the command | less in another terminal shows all)") : v.answer;
            answer.forEach(l -> footer.add(new AttributedString(OutputTail.clean(l))));
        }
        footer.add(new AttributedString(keys(v), styles.dim()));
        int room = Math.max(0, height - lines.size() - footer.size());
        if (v.help) {
            page(lines, "Help (Esc returns, ↑/↓ scroll)", f.help(), room, v.scrollBack, true, styles);
        } else if (v.followed != null) {
            follow(lines, f, v, room, styles);
        } else {
            panels(lines, f, v, room, styles);
        }
        lines.addAll(footer);
        List<AttributedString> screen = new ArrayList<>();
        for (AttributedString l : lines.subList(0, Math.min(height, lines.size()))) {
            screen.add(l.columnLength() > width ? l.columnSubSequence(0, width) : l);
        }
        while (screen.size() < height) {
            screen.add(screen.size() == height - 1 ? screen.remove(screen.size() - 1) : AttributedString.EMPTY);
        }
        return screen;
    }

    private static AttributedString header(Frame f, Styles styles) {
        StatusSnapshot.Tasks tasks = f.snapshot().tasks();
        int done = tasks.count("done");
        List<String> counts = tasks.counts().entrySet().stream().filter(e -> e.getValue() > 0 && !e.getKey().equals("done"))
                .map(e -> e.getValue() + " " + e.getKey().replace('_', ' ')).toList();
        return new AttributedString("wvo  " + ProgressBar.of(done, tasks.total(), BAR_WIDTH, UnaryOperator.identity())
                + " " + done + "/" + tasks.total() + " done" + (counts.isEmpty() ? "" : ", " + String.join(", ", counts))
                + "   " + new EventSentences(f.zone(), f.now()).time(f.now()), styles.title(false));
    }

    private static void panels(List<AttributedString> lines, Frame f, ViewState v, int room, Styles styles) {
        StatusSnapshot s = f.snapshot();
        List<AttributedString> workers = workers(f, v, styles);
        List<AttributedString> queue = mergeQueue(s, v, styles);
        List<AttributedString> limits = limits(f, styles);
        List<String> sentences = new EventSentences(f.zone(), f.now()).of(s.recentEvents());
        int eventRows = Math.max(1, Math.min(EVENT_ROWS, room - workers.size() - queue.size() - limits.size()
                - MIN_TASK_ROWS - 3));
        List<AttributedString> events = new ArrayList<>();
        events.add(new AttributedString(" Events (e) ", styles.title(v.focus == ViewState.Panel.EVENTS)));
        sentences.subList(Math.max(0, sentences.size() - eventRows), sentences.size())
                .forEach(e -> events.add(new AttributedString("  " + e)));
        if (sentences.isEmpty()) {
            events.add(new AttributedString("  (none yet)", styles.dim()));
        }
        int taskRows = Math.max(MIN_TASK_ROWS, room - workers.size() - queue.size() - limits.size() - events.size());
        lines.addAll(workers);
        lines.addAll(tasks(s, v, taskRows, styles));
        lines.addAll(queue);
        lines.addAll(limits);
        lines.addAll(events);
    }

    private static List<AttributedString> workers(Frame f, ViewState v, Styles styles) {
        StatusSnapshot s = f.snapshot();
        List<AttributedString> out = new ArrayList<>();
        long alive = s.workers().stream().filter(StatusSnapshot.WorkerLine::alive).count();
        out.add(new AttributedString(" Workers (w) " + alive + " running ", styles.title(v.focus == ViewState.Panel.WORKERS)));
        if (s.workers().isEmpty()) {
            out.add(new AttributedString("  (none: + starts one, or : spawn --agent NAME)", styles.dim()));
            return out;
        }
        TextTable table = new TextTable(List.of("#", "WORKER", "STATE", "AGENT", "TASK", "STAGE", "ELAPSED", "LAST OUTPUT"));
        List<StatusSnapshot.WorkerLine> shown = s.workers().subList(0, Math.min(WORKER_ROWS, s.workers().size()));
        for (int i = 0; i < shown.size(); i++) {
            StatusSnapshot.WorkerLine w = shown.get(i);
            String task = w.record().task();
            table.add(cells(String.valueOf(i + 1), w.id(), StatusWords.workerState(w), w.record().agent(),
                    task == null ? null : task + (w.record().attempt() == null ? "" : "#" + w.record().attempt()),
                    StatusWords.stageOf(s, task), w.record().taskStartedAt() == null ? null
                            : DurationText.age(Duration.between(w.record().taskStartedAt(), f.now())),
                    task == null ? w.record().detail() : f.lastOutput().get(w.id())));
        }
        List<String> rows = table.lines(UnaryOperator.identity());
        out.add(new AttributedString("  " + rows.get(0), styles.dim()));
        for (int i = 0; i < shown.size(); i++) {
            StatusSnapshot.WorkerLine w = shown.get(i);
            AttributedStyle style = v.focus == ViewState.Panel.WORKERS && v.worker == i ? styles.selected()
                    : !w.alive() ? styles.bad() : w.record().status() == WorkerStatus.WORKING ? styles.good()
                    : w.record().status() == WorkerStatus.IDLE ? AttributedStyle.DEFAULT : styles.warn();
            out.add(new AttributedString("  " + rows.get(i + 1), style));
        }
        if (s.workers().size() > shown.size()) {
            out.add(new AttributedString("  … " + (s.workers().size() - shown.size()) + " more (: worker list)", styles.dim()));
        }
        return out;
    }

    /** The tasks that pass the filter, in roadmap order. */
    static List<StatusSnapshot.TaskLine> filtered(StatusSnapshot s, ViewState v) {
        return s.tasks().all().stream().filter(v.filter::matches).toList();
    }

    private static List<AttributedString> tasks(StatusSnapshot s, ViewState v, int rows, Styles styles) {
        List<AttributedString> out = new ArrayList<>();
        List<StatusSnapshot.TaskLine> tasks = filtered(s, v);
        boolean focused = v.focus == ViewState.Panel.TASKS;
        out.add(new AttributedString(" Tasks (t) " + (v.filter.isEmpty() ? s.tasks().total() + " "
                : tasks.size() + " of " + s.tasks().total() + " match /" + v.filter.text() + " "), styles.title(focused)));
        int shown = Math.max(0, rows - 2);
        int selected = Math.min(v.task, Math.max(0, tasks.size() - 1));
        int from = Math.max(0, Math.min(selected - shown / 2, tasks.size() - shown));
        List<StatusSnapshot.TaskLine> window = tasks.subList(from, Math.min(tasks.size(), from + shown));
        TextTable table = new TextTable(List.of("ID", "STATUS", "EPIC", "DOMAIN", "TRIES", "WORKER / WAITING FOR", "TITLE"));
        for (StatusSnapshot.TaskLine t : window) {
            String why = t.worker() != null ? t.worker() : t.waitingFor() != null ? t.waitingFor()
                    : t.problems().isEmpty() ? null : String.join("; ", t.problems());
            table.add(cells(t.id(), t.status().replace('_', ' '), t.epic(), t.domain(),
                    t.attempts() + "/" + t.maxAttempts(), why, t.title()));
        }
        List<String> lines = table.lines(UnaryOperator.identity());
        out.add(new AttributedString("  " + lines.get(0), styles.dim()));
        for (int i = 0; i < window.size(); i++) {
            StatusSnapshot.TaskLine t = window.get(i);
            AttributedStyle style = focused && from + i == selected ? styles.selected()
                    : "blocked".equals(t.status()) || "failed".equals(t.status()) ? styles.bad()
                    : "in_progress".equals(t.status()) ? styles.good()
                    : "done".equals(t.status()) ? styles.dim() : AttributedStyle.DEFAULT;
            out.add(new AttributedString("  " + lines.get(i + 1), style));
        }
        if (tasks.isEmpty()) {
            out.add(new AttributedString(v.filter.isEmpty() ? "  (no tasks: : task add ID --title ...)"
                    : "  (none match; / then an empty line clears the filter)", styles.dim()));
        }
        while (out.size() < rows) {
            out.add(AttributedString.EMPTY);
        }
        return out;
    }

    private static List<AttributedString> mergeQueue(StatusSnapshot s, ViewState v, Styles styles) {
        List<AttributedString> out = new ArrayList<>();
        List<StatusSnapshot.QueueLine> open = StatusWords.openEntries(s);
        long landed = StatusWords.landed(s);
        boolean merging = StatusWords.merging(s);
        String last = StatusWords.lastLanded(s).map(t -> ", last landed " + t).orElse("");
        boolean focused = v.focus == ViewState.Panel.MERGES;
        out.add(new AttributedString(" Merge queue (m) " + open.stream().filter(q -> "QUEUED".equals(q.status())).count()
                + " queued, " + landed + " landed" + last + (merging ? ", merging now" : "") + " ", styles.title(focused)));
        if (open.isEmpty()) {
            return out;
        }
        TextTable table = new TextTable(List.of("TASK", "BRANCH", "STATUS", "AGE", "TESTS / DETAIL"));
        List<StatusSnapshot.QueueLine> shown = open.subList(0, Math.min(QUEUE_ROWS, open.size()));
        for (int i = 0; i < shown.size(); i++) {
            StatusSnapshot.QueueLine q = shown.get(i);
            String status = merging && i == s.conflicts().mergeQueue().size() ? "MERGING" : q.status();
            table.add(cells(q.task(), q.branch(), status.toLowerCase().replace('_', ' '), DurationText.age(q.age()),
                    "TEST_FAILED".equals(q.status()) ? "failed: " + q.detail() : q.detail()));
        }
        List<String> rows = table.lines(UnaryOperator.identity());
        for (int i = 0; i < shown.size(); i++) {
            out.add(new AttributedString("  " + rows.get(i + 1), focused && v.merge == i ? styles.selected()
                    : shown.get(i).needsAttention() ? styles.bad() : AttributedStyle.DEFAULT));
        }
        if (open.size() > shown.size()) {
            out.add(new AttributedString("  … " + (open.size() - shown.size()) + " more (: merge-queue list)", styles.dim()));
        }
        return out;
    }

    /**
     * Each account: usable, or limited until when and why; what it spent today against its daily
     * budget. Above them the pool-wide "all agents limited until T" when it holds, and below them
     * what the agent runs spent in all and the tasks blocked for a person.
     */
    private static List<AttributedString> limits(Frame f, Styles styles) {
        StatusSnapshot s = f.snapshot();
        List<AttributedString> out = new ArrayList<>();
        long usable = s.accounts().stream().filter(StatusSnapshot.AccountLine::usable).count();
        out.add(new AttributedString(" Limits and budgets " + (s.accounts().isEmpty() ? ""
                : usable + " of " + s.accounts().size() + " accounts usable "), styles.title(false)));
        if (s.allLimited() != null) {
            out.add(new AttributedString("  " + AccountText.allLimited(s.allLimited()) + ": the workers are parked",
                    styles.bad()));
        }
        if (!s.accounts().isEmpty()) {
            TextTable table = new TextTable(List.of("ACCOUNT", "STATE", "WHY", "TODAY"));
            List<StatusSnapshot.AccountLine> shown = s.accounts().subList(0, Math.min(ACCOUNT_ROWS, s.accounts().size()));
            for (StatusSnapshot.AccountLine a : shown) {
                table.add(cells(a.id(), AccountText.state(a, f.now()), AccountText.why(a), AccountText.today(a)));
            }
            List<String> rows = table.lines(UnaryOperator.identity());
            out.add(new AttributedString("  " + rows.get(0), styles.dim()));
            for (int i = 0; i < shown.size(); i++) {
                StatusSnapshot.AccountLine a = shown.get(i);
                boolean overBudget = a.dailyBudget() != null && a.dailyBudget().reachedBy(a.spentToday());
                out.add(new AttributedString("  " + rows.get(i + 1), !a.usable() || overBudget ? styles.warn()
                        : AttributedStyle.DEFAULT));
            }
            if (s.accounts().size() > shown.size()) {
                out.add(new AttributedString("  … " + (s.accounts().size() - shown.size()) + " more (: limits)",
                        styles.dim()));
            }
        }
        String cost = s.cost().total().runs() == 0 ? "no agent runs yet"
                : s.cost().total().runs() + " agent runs · " + UsageText.of(s.cost().total().usage());
        List<String> attention = s.tasks().needsAttention().stream().map(n -> n.id()).toList();
        out.add(new AttributedString("  Spent in all: " + cost
                + (attention.isEmpty() ? "" : "   Needs a person: " + String.join(", ", attention)),
                attention.isEmpty() ? AttributedStyle.DEFAULT : styles.warn()));
        return out;
    }

    private static void follow(List<AttributedString> lines, Frame f, ViewState v, int room, Styles styles) {
        StatusSnapshot.WorkerLine w = f.snapshot().workers().stream().filter(x -> x.id().equals(v.followed))
                .findFirst().orElse(null);
        String about = w == null ? v.followed + " (no record)" : v.followed + " · " + StatusWords.workerState(w)
                + (w.record().task() == null ? "" : " · " + w.record().task() + "#" + w.record().attempt());
        page(lines, "Output of " + about + (v.scrollBack > 0 ? " · scrolled back " + v.scrollBack + " lines (End follows)"
                : " · following"), f.followed().isEmpty() ? List.of("(no output yet)") : f.followed(), room,
                v.scrollBack, false, styles);
    }

    /**
     * A titled page of lines: from the top, {@code scrolled} lines down (help), or showing the
     * end, {@code scrolled} lines up from the last (output).
     */
    private static void page(List<AttributedString> lines, String title, List<String> text, int room, int scrolled,
                             boolean fromTop, Styles styles) {
        lines.add(new AttributedString(" " + title + " ", styles.title(true)));
        int rows = Math.max(0, room - 1);
        int end = fromTop ? Math.min(text.size(), Math.min(scrolled, Math.max(0, text.size() - rows)) + rows)
                : Math.max(0, text.size() - scrolled);
        int from = Math.max(0, end - rows);
        text.subList(from, end).forEach(l -> lines.add(new AttributedString(l)));
        for (int i = end - from; i < rows; i++) {
            lines.add(AttributedString.EMPTY);
        }
    }

    private static String keys(ViewState v) {
        if (v.help) {
            return "Esc back   q quit";
        }
        if (v.followed != null) {
            return "Esc back   ↑/↓ PgUp/PgDn scroll   End follow   p pause/resume   s stop   q quit";
        }
        return switch (v.focus) {
            case WORKERS -> "Tab/w/t/m/e panel  1-9/↑↓ worker  Enter follow  p pause/resume  s stop  +/- workers  "
                    + ": command  ? help  q quit";
            case TASKS -> "Tab/w/t/m/e panel  ↑↓ PgUp/PgDn task  Enter show  r reset  / filter  : command  ? help  q quit";
            case MERGES -> "Tab/w/t/e panel  m land the next merge  ↑↓ entry  Enter retry a stopped merge  : command  "
                    + "? help  q quit";
            case EVENTS -> "Tab/w/t/m/e panel  : events to see them all  ? help  q quit";
        };
    }

    private static List<String> append(List<String> lines, String last) {
        List<String> out = new ArrayList<>(lines);
        out.add(last);
        return out;
    }

    private static List<TextTable.Cell> cells(String... texts) {
        List<TextTable.Cell> cells = new ArrayList<>();
        for (String text : texts) {
            cells.add(TextTable.Cell.plain(text == null || text.isEmpty() ? "-" : OutputTail.clean(text)));
        }
        return cells;
    }
}
