package dev.wvo.cli;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.TaskBudget;
import dev.wvo.cli.render.AccountText;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.ProgressBar;
import dev.wvo.cli.render.TextTable;
import dev.wvo.cli.render.UsageText;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockInfo;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerRecord;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** A {@link StatusSnapshot} as {@code wvo status} prints it for people: a few sections of tables. */
final class StatusText {

    private static final int BAR_WIDTH = 30;

    private StatusText() {
    }

    static String of(StatusSnapshot s, Palette palette) {
        StringWriter buffer = new StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        StatusSnapshot.Tasks tasks = s.tasks();
        int done = tasks.count("done");
        out.println("Locks: " + s.source().lockBackend() + " (" + s.source().locksAt() + ")");
        out.println(palette.bold("Tasks") + "  " + done + "/" + tasks.total() + " done  "
                + ProgressBar.of(done, tasks.total(), BAR_WIDTH, palette::green) + " "
                + ProgressBar.percent(done, tasks.total()) + "%");
        List<String> counts = tasks.counts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList();
        out.println("  " + String.join(" · ", counts) + (tasks.warnings() > 0
                ? palette.yellow("  (" + tasks.warnings() + " roadmap warning(s): see `wvo task list`)") : ""));

        section(out, palette, "In progress", tasks.inProgress(),
                List.of("TASK", "WORKER", "ATTEMPT", "AGE", "STAGE", "TITLE"),
                t -> List.of(plain(t.id()), new TextTable.Cell(dash(t.worker()) + (t.workerAlive() ? "" : " (dead)"),
                                t.workerAlive() ? UnaryOperator.identity() : palette::red),
                        plain(dash(t.attempt())), plain(DurationText.age(t.age())), plain(dash(t.stage())),
                        plain(dash(t.title()))));
        if (!tasks.needsAttention().isEmpty()) {
            // shown only when there is something to do: then wvo doctor says what
            section(out, palette, "Needs attention (see wvo doctor)", tasks.needsAttention(),
                    List.of("TASK", "REASON"), (NeedsAttention t) -> List.of(new TextTable.Cell(t.id(), palette::yellow),
                            plain(dash(t.reason()))));
        }
        if (!tasks.retrying().isEmpty()) {
            // a refused or empty attempt says why here, before its retries run out
            section(out, palette, "Waiting to retry", tasks.retrying(), List.of("TASK", "ATTEMPTS", "LAST ATTEMPT"),
                    (StatusSnapshot.Retrying t) -> List.of(plain(t.id()), plain(t.attempts() + "/" + t.maxAttempts()),
                            new TextTable.Cell(dash(t.reason()), palette::yellow)));
        }
        section(out, palette, "Workers", s.workers(), List.of("WORKER", "STATE", "TASK", "AGENT", "HEARTBEAT", "PID@HOST"),
                w -> workerRow(w, palette));
        section(out, palette, "Locks", holders(s.locks()), List.of("RESOURCE", "MODE", "HOLDER", "AGE", "STATE"),
                h -> List.of(plain(h.lock().resource()), plain(h.lock().mode().label()),
                        plain(h.holder().owner() + " (pid " + h.holder().process().pid() + ")"),
                        plain(DurationText.age(Duration.between(h.holder().acquiredAt(), s.readAt()))),
                        h.holder().isStale()
                                ? new TextTable.Cell("stale: " + LockListing.label(h.holder().staleness()).replace('_', ' '),
                                palette::yellow)
                                : new TextTable.Cell("live", palette::green)));
        section(out, palette, "Accounts (wvo limits for more)", s.accounts(), List.of("ACCOUNT", "STATE", "WHY", "TODAY"),
                (StatusSnapshot.AccountLine a) -> List.of(plain(a.id()), a.usable()
                                ? new TextTable.Cell("usable", palette::green)
                                : new TextTable.Cell(AccountText.state(a, s.readAt()), palette::yellow),
                        plain(AccountText.why(a)), plain(AccountText.today(a))));
        if (s.allLimited() != null) {
            out.println(palette.red("  " + AccountText.allLimited(s.allLimited())
                    + ": workers wait and go on by themselves; new ones would only wait too"));
        }
        if (s.cost().total().runs() > 0) {
            section(out, palette, "Cost (wvo cost --by backend|account|worker|day for more)",
                    List.copyOf(s.cost().byTask().entrySet()), List.of("TASK", "RUNS", "TOKENS AND COST", "BUDGET"),
                    (Map.Entry<String, CostLedger.Total> t) -> List.of(plain(t.getKey()), plain(Integer.toString(t.getValue().runs())),
                            plain(UsageText.of(t.getValue().usage())), budgetCell(s.cost().taskBudgets().get(t.getKey()),
                                    palette)));
            out.println("  total: " + s.cost().total().runs() + " run(s), " + UsageText.of(s.cost().total().usage()));
        }
        section(out, palette, "Merge queue", s.mergeQueue(), List.of("TASK", "BRANCH", "STATUS", "AGE", "DETAIL"),
                q -> List.of(plain(dash(q.task())), plain(dash(q.branch())), queueStatus(q, palette),
                        plain(DurationText.age(q.age())), plain(dash(q.detail()))));
        section(out, palette, "Conflicts", conflictRows(s), List.of("KIND", "WHAT", "DETAIL"),
                c -> List.of(plain(c.kind()), plain(c.what()), c.urgent() ? new TextTable.Cell(c.detail(), palette::red)
                        : plain(c.detail())));
        out.flush();
        return buffer.toString();
    }

    /** A worker's row, as {@code status} and {@code worker list} show it. */
    static List<TextTable.Cell> workerRow(StatusSnapshot.WorkerLine line, Palette palette) {
        WorkerRecord w = line.record();
        return List.of(plain(w.id()), line.alive() ? new TextTable.Cell(w.status().label(), palette::green)
                        : new TextTable.Cell("dead (was " + w.status().label() + ")", palette::red),
                plain(w.task() == null ? "-" : w.task() + " #" + dash(w.attempt())), plain(dash(w.agent())),
                plain(DurationText.age(line.heartbeatAge()) + " ago"), plain(w.pid() + "@" + w.host()));
    }

    /**
     * {@code $1.20 of $2.00} (what its runs since its last reset spent), red once reached; {@code -}
     * for a task without a budget.
     */
    static TextTable.Cell budgetCell(TaskBudget budget, Palette palette) {
        if (budget == null) {
            return plain("-");
        }
        return budget.reached() ? new TextTable.Cell(budget.describe() + " reached", palette::red) : plain(budget.describe());
    }

    private record Held(LockInfo lock, HolderInfo holder) {
    }

    private static List<Held> holders(List<LockInfo> locks) {
        List<Held> held = new ArrayList<>();
        locks.forEach(lock -> lock.holders().forEach(h -> held.add(new Held(lock, h))));
        return held;
    }

    private static TextTable.Cell queueStatus(StatusSnapshot.QueueLine q, Palette palette) {
        return switch (q.status()) {
            case "MERGED" -> new TextTable.Cell(q.status(), palette::green);
            case "QUEUED" -> plain(q.status());
            default -> new TextTable.Cell(q.status(), palette::red);
        };
    }

    /** One row of the conflicts table; {@code urgent} ones are shown in red. */
    private record ConflictRow(String kind, String what, String detail, boolean urgent) {
    }

    /** One row per conflict of the three kinds, for the human table: artifacts newest first, as {@code wvo conflicts}. */
    private static List<ConflictRow> conflictRows(StatusSnapshot s) {
        List<ConflictRow> rows = new ArrayList<>();
        for (Map<String, Object> c : ConflictListing.of(s.source().state().events(), s.conflicts().artifacts())
                .conflicts()) {
            Object attempts = c.get("attempts");
            String names = attempts instanceof List<?> list ? String.join(", ", list.stream().map(String::valueOf)
                    .toList()) : "";
            rows.add(new ConflictRow("artifact", dash(c.get("path")) + " (" + names + ")",
                    dash(c.get("suggestion")) + ": " + dash(c.get("detail")), "escalate".equals(c.get("suggestion"))));
        }
        for (RoadmapConflict c : s.conflicts().roadmap()) {
            rows.add(new ConflictRow("roadmap", "task " + c.task() + " " + c.field(), c.describe(), true));
        }
        for (StatusSnapshot.QueueLine q : s.conflicts().mergeQueue()) {
            rows.add(new ConflictRow("merge", dash(q.task()) + " " + dash(q.branch()), q.status() + ": " + dash(q.detail()),
                    true));
        }
        return rows;
    }

    private static <T> void section(PrintWriter out, Palette palette, String title, List<T> items, List<String> headers,
                                    Function<T, List<TextTable.Cell>> row) {
        out.println();
        if (items.isEmpty()) {
            out.println(palette.bold(title) + palette.dim("  none"));
            return;
        }
        out.println(palette.bold(title));
        List<String> indented = new ArrayList<>(headers);
        indented.set(0, "  " + headers.get(0));
        TextTable table = new TextTable(indented);
        for (T item : items) {
            List<TextTable.Cell> cells = new ArrayList<>(row.apply(item));
            TextTable.Cell first = cells.get(0);
            cells.set(0, new TextTable.Cell("  " + first.text(), first.style()));
            table.add(cells);
        }
        table.print(out, palette::dim);
    }

    private static TextTable.Cell plain(String text) {
        return TextTable.Cell.plain(text);
    }

    private static String dash(Object value) {
        return value == null || value.toString().isEmpty() ? "-" : value.toString();
    }
}
