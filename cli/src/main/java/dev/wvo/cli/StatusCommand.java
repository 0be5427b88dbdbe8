package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.status.StatusSnapshot.QueueLine;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockInfo;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Claim;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.accounts.UsageFields;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code wvo status}: one look at everything shared: task counts, tasks in progress, workers,
 * locks and rate limits. It reads files only and loads no plugins, so it starts fast.
 */
@Command(name = "status",
        header = "Show task progress, tasks in progress, workers, locks, rate limits, the merge queue and conflicts.",
        description = "Reads <state>; the one change it makes is to take back the claims of dead workers it sees, as "
                + "any wvo process that notices one does. A worker is alive while its presence lock is live; the "
                + "heartbeat is when it last rewrote its file in <state>/workers. --json prints the schema documented "
                + "in docs/cli.md; --watch redraws every second until Ctrl-C.")
final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> STATUS_ORDER = List.of("pending", "in_progress", "done", "failed", "blocked");
    private static final int BAR_WIDTH = 30;
    /** Cursor to the top left; each line then clears its rest, and the end clears below: a redraw without flicker. */
    private static final String HOME = "\u001b[H";
    private static final String CLEAR_LINE_END = "\u001b[K";
    private static final String CLEAR_BELOW = "\u001b[J";

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of text.")
    private boolean json;

    @Option(names = "--watch", description = "Redraw every second until Ctrl-C (in place on a terminal).")
    private boolean watch;

    @Override
    public Integer call() throws JsonProcessingException, InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        PrintWriter out = spec.commandLine().getOut();
        boolean terminal = System.console() != null;
        while (true) {
            ObjectNode snapshot = snapshot(dir);
            if (hasDeadClaims(snapshot)) {
                // whoever notices a dead worker's claim takes it back, status included
                ReclaimCommand.reclaim(global, clock, "wvo status");
                snapshot = snapshot(dir);
            }
            String text = json ? JSON.writeValueAsString(snapshot) + "\n" : render(snapshot, global.palette());
            if (watch && terminal && !json) { // JSON stays a stream of whole documents, for a reader to parse
                text = HOME + text.replace("\n", CLEAR_LINE_END + "\n") + CLEAR_BELOW;
            }
            out.print(text);
            out.flush();
            if (!watch) {
                return ExitCodes.OK;
            }
            Thread.sleep(Duration.ofSeconds(1).toMillis());
            if (!terminal) {
                out.println();
            }
        }
    }

    /**
     * Everything the status shows, as the JSON object docs/cli.md describes. A part of the state
     * that cannot be read (permissions, say) fails the command with its path, not a stack trace.
     */
    ObjectNode snapshot(StateDir dir) {
        try {
            return read(dir);
        } catch (java.io.UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + " (" + e.getCause().getMessage()
                    + "); check its permissions", e);
        }
    }

    private ObjectNode read(StateDir dir) {
        Instant now = clock.instant();
        ObjectNode root = JSON.createObjectNode();
        root.put("state", dir.root().toAbsolutePath().toString());
        root.put("generated_at", now.toString());
        root.put("lock_backend", LockBackends.backend(WvoCommand.of(spec)).label());
        root.put("locks_at", LockBackends.location(WvoCommand.of(spec)));
        try (LockManager locks = LockBackends.open(WvoCommand.of(spec), null, null, false, dev.wvo.lock.LockListener.LOGGING, clock)) {
            WorkerPresence presence = new WorkerPresence(locks);
            Roadmap roadmap = StateAccess.readRoadmap(dir);
            root.set("tasks", tasks(roadmap, presence, now));
            root.set("workers", workers(dir, presence, now));
            List<LockInfo> infos = locks.inspect();
            root.set("locks", JSON.valueToTree(LockListing.of(Path.of(LockBackends.location(WvoCommand.of(spec))), now, 0, infos).locks()));
            ArrayNode limits = root.putArray("rate_limits");
            for (RateLimitBoard.Limit l : new RateLimitBoard(dir.root(), locks, clock).active()) {
                ObjectNode n = limits.addObject();
                n.put("backend", l.backend());
                n.put("until", l.until().toString());
                n.put("by", l.by());
                n.put("reason", l.reason());
            }
            List<QueueLine> queue = StatusSnapshot.mergeQueue(dir.root().resolve("merge-queue"), clock);
            ArrayNode mergeQueue = root.putArray("merge_queue");
            queue.forEach(q -> mergeQueue.add(queueEntry(q)));
            root.set("conflicts", conflicts(dir, StatusSnapshot.roadmapConflicts(roadmap), queue));
        }
        root.set("cost", cost(dir));
        return root;
    }

    /** What the agent runs used: per task and in total, from the cost ledger. */
    private static ObjectNode cost(StateDir dir) {
        List<UsageRecord> runs = CostLedger.read(dir.root());
        ObjectNode cost = JSON.createObjectNode();
        CostLedger.Total total = CostLedger.total(runs);
        ObjectNode all = cost.putObject("total");
        all.put("runs", total.runs());
        UsageText.put(all, total.usage());
        ArrayNode byTask = cost.putArray("by_task");
        CostLedger.totals(runs, CostLedger.By.TASK, java.time.ZoneId.systemDefault()).forEach((task, t) -> {
            ObjectNode n = byTask.addObject();
            n.put("task", task);
            n.put("runs", t.runs());
            UsageText.put(n, t.usage());
        });
        return cost;
    }

    private static ObjectNode queueEntry(QueueLine q) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", q.id());
        n.put("task", q.task());
        n.put("branch", q.branch());
        n.put("status", q.status());
        n.put("priority", q.priority());
        n.put("enqueued_at", q.enqueuedAt() == null ? null : q.enqueuedAt().toString());
        n.put("age_seconds", q.age() == null ? null : Math.max(0, q.age().toSeconds()));
        n.set("conflict_paths", JSON.valueToTree(q.conflictPaths()));
        n.put("failure", q.failure());
        return n;
    }

    /**
     * Every conflict a person may have to settle: artifact conflicts as {@code wvo conflicts}
     * lists them, roadmap merge conflicts, and merge-queue entries stopped on a conflict or on
     * failing tests.
     */
    private static ObjectNode conflicts(StateDir dir, List<RoadmapConflict> roadmapConflicts, List<QueueLine> queue) {
        EventReader reader = EventReader.in(dir.root());
        // unreadable log lines are `wvo events`'s and `wvo conflicts`'s to report, not status's
        ConflictListing artifacts = ConflictListing.of(reader.file(),
                reader.read(EventFilter.ALL.withTypes(EventType.CONFLICT)).events());
        ObjectNode n = JSON.createObjectNode();
        ArrayNode roadmap = JSON.createArrayNode();
        for (RoadmapConflict c : roadmapConflicts) {
            ObjectNode r = roadmap.addObject();
            r.put("task", c.task());
            r.put("field", c.field());
            r.set("ours", JSON.valueToTree(c.ours()));
            r.set("theirs", JSON.valueToTree(c.theirs()));
            r.put("describe", c.describe());
        }
        ArrayNode merges = JSON.createArrayNode();
        queue.stream().filter(QueueLine::needsAttention).forEach(q -> merges.add(queueEntry(q)));
        n.put("total", artifacts.conflicts().size() + roadmap.size() + merges.size());
        n.put("escalated", artifacts.conflicts().stream().filter(c -> "escalate".equals(c.get("suggestion"))).count());
        n.set("artifacts", JSON.valueToTree(artifacts.conflicts()));
        n.set("roadmap", roadmap);
        n.set("merge_queue", merges);
        return n;
    }

    private static ObjectNode tasks(Roadmap roadmap, WorkerPresence presence, Instant now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        STATUS_ORDER.forEach(s -> counts.put(s, 0));
        List<RoadmapTask> inProgress = new ArrayList<>();
        for (RoadmapTask t : roadmap.tasks()) {
            counts.merge(t.status(), 1, Integer::sum);
            if ("in_progress".equals(t.status())) {
                inProgress.add(t);
            }
        }
        ObjectNode tasks = JSON.createObjectNode();
        tasks.put("total", roadmap.tasks().size());
        tasks.set("counts", JSON.valueToTree(counts));
        tasks.put("warnings", roadmap.warnings().size());
        ArrayNode list = tasks.putArray("in_progress");
        for (RoadmapTask t : inProgress) {
            ObjectNode n = list.addObject();
            n.put("id", t.id());
            n.put("title", t.title());
            Claim claim = t.claim();
            n.put("worker", claim == null ? null : claim.worker());
            n.put("attempt", claim == null ? null : claim.attempt());
            n.put("claimed_at", claim == null ? null : claim.claimedAt().toString());
            n.put("age_seconds", claim == null ? null : seconds(claim.claimedAt(), now));
            n.put("worker_alive", claim != null && presence.isAlive(claim.worker()));
            n.put("stage", StageProgress.of(t.fields()).map(StageProgress::label).orElse(null));
        }
        ArrayNode attention = tasks.putArray("needs_attention");
        for (NeedsAttention t : NeedsAttention.in(RoadmapBoardStore.statesOf(roadmap))) {
            ObjectNode n = attention.addObject();
            n.put("id", t.id());
            n.put("title", t.title());
            n.put("reason", t.reason());
            n.put("since", t.since());
            n.set("reactions", JSON.valueToTree(t.counts()));
        }
        return tasks;
    }

    /** True if a task is in progress under a claim whose worker is not alive. */
    private static boolean hasDeadClaims(ObjectNode snapshot) {
        for (com.fasterxml.jackson.databind.JsonNode t : snapshot.path("tasks").path("in_progress")) {
            if (!t.path("worker").isNull() && !t.path("worker_alive").asBoolean(true)) {
                return true;
            }
        }
        return false;
    }

    /** The worker records as {@code status --json}'s "workers" (and {@code worker list --json}'s). */
    static ArrayNode workers(StateDir dir, WorkerPresence presence, Instant now) {
        ArrayNode workers = JSON.createArrayNode();
        for (WorkerRecord w : new WorkerRegistry(dir.workers()).list()) {
            ObjectNode n = workers.addObject();
            n.put("id", w.id());
            n.put("alive", presence.isAlive(w.id()));
            n.put("status", w.status().label());
            n.put("task", w.task());
            n.put("attempt", w.attempt());
            n.put("agent", w.agent());
            n.put("pid", w.pid());
            n.put("host", w.host());
            n.put("started_at", w.startedAt().toString());
            n.put("heartbeat_at", w.heartbeatAt().toString());
            n.put("heartbeat_age_seconds", seconds(w.heartbeatAt(), now));
            n.put("task_started_at", w.taskStartedAt() == null ? null : w.taskStartedAt().toString());
            n.put("detail", w.detail());
        }
        return workers;
    }

    private static long seconds(Instant from, Instant now) {
        return Math.max(0, Duration.between(from, now).toSeconds());
    }

    private static String render(ObjectNode s, Palette palette) {
        StringWriter buffer = new StringWriter();
        PrintWriter out = new PrintWriter(buffer);
        JsonNode tasks = s.get("tasks");
        int total = tasks.get("total").asInt();
        int done = tasks.get("counts").path("done").asInt();
        int filled = total == 0 ? 0 : done * BAR_WIDTH / total;
        out.println("Locks: " + s.path("lock_backend").asText() + " (" + s.path("locks_at").asText() + ")");
        out.println(palette.bold("Tasks") + "  " + done + "/" + total + " done  ["
                + palette.green("#".repeat(filled)) + ".".repeat(BAR_WIDTH - filled) + "] "
                + (total == 0 ? 0 : done * 100 / total) + "%");
        List<String> counts = new ArrayList<>();
        tasks.get("counts").fields().forEachRemaining(e -> counts.add(e.getKey() + " " + e.getValue().asInt()));
        out.println("  " + String.join(" · ", counts)
                + (tasks.get("warnings").asInt() > 0 ? palette.yellow("  (" + tasks.get("warnings").asInt()
                + " roadmap warning(s): see `wvo task list`)") : ""));

        section(out, palette, "In progress", tasks.get("in_progress"), List.of("TASK", "WORKER", "ATTEMPT", "AGE", "STAGE", "TITLE"),
                t -> List.of(cell(t, "id"), new TextTable.Cell(text(t, "worker") + (t.get("worker_alive").asBoolean() ? "" : " (dead)"),
                                t.get("worker_alive").asBoolean() ? s1 -> s1 : palette::red),
                        cell(t, "attempt"), TextTable.Cell.plain(age(t.get("age_seconds"))), cell(t, "stage"), cell(t, "title")));
        if (!tasks.get("needs_attention").isEmpty()) {
            // shown only when there is something to do: then wvo doctor says what
            section(out, palette, "Needs attention (see wvo doctor)", tasks.get("needs_attention"),
                    List.of("TASK", "REASON"), t -> List.of(new TextTable.Cell(text(t, "id"), palette::yellow),
                            cell(t, "reason")));
        }
        section(out, palette, "Workers", s.get("workers"), List.of("WORKER", "STATE", "TASK", "AGENT", "HEARTBEAT", "PID@HOST"),
                w -> List.of(cell(w, "id"),
                        w.get("alive").asBoolean() ? new TextTable.Cell(text(w, "status"), palette::green)
                                : new TextTable.Cell("dead (was " + text(w, "status") + ")", palette::red),
                        TextTable.Cell.plain(w.hasNonNull("task") ? text(w, "task") + " #" + text(w, "attempt") : "-"),
                        cell(w, "agent"), TextTable.Cell.plain(age(w.get("heartbeat_age_seconds")) + " ago"),
                        TextTable.Cell.plain(text(w, "pid") + "@" + text(w, "host"))));
        List<JsonNode> holders = new ArrayList<>();
        s.get("locks").forEach(lock -> lock.get("holders").forEach(h -> {
            ObjectNode row = ((ObjectNode) h.deepCopy()).put("resource", lock.get("resource").asText())
                    .put("mode", lock.get("mode").asText());
            holders.add(row);
        }));
        section(out, palette, "Locks", JSON.valueToTree(holders), List.of("RESOURCE", "MODE", "HOLDER", "AGE", "STATE"),
                h -> List.of(cell(h, "resource"), cell(h, "mode"), TextTable.Cell.plain(text(h, "owner") + " (pid " + text(h, "pid") + ")"),
                        TextTable.Cell.plain(age(JSON.getNodeFactory().numberNode(h.get("ageMillis").asLong() / 1000))),
                        h.get("stale").asBoolean() ? new TextTable.Cell("stale: " + text(h, "liveness").replace('_', ' '), palette::yellow)
                                : new TextTable.Cell("live", palette::green)));
        section(out, palette, "Rate limits", s.get("rate_limits"), List.of("BACKEND", "UNTIL", "BY", "REASON"),
                l -> List.of(cell(l, "backend"), cell(l, "until"), cell(l, "by"), cell(l, "reason")));
        JsonNode cost = s.get("cost");
        if (cost.get("total").get("runs").asInt() > 0) {
            section(out, palette, "Cost (wvo cost --by backend|worker|day for more)", cost.get("by_task"),
                    List.of("TASK", "RUNS", "TOKENS AND COST"), t -> List.of(cell(t, "task"), cell(t, "runs"),
                            TextTable.Cell.plain(usageOf(t))));
            out.println("  total: " + cost.get("total").get("runs").asInt() + " run(s), " + usageOf(cost.get("total")));
        }
        section(out, palette, "Merge queue", s.get("merge_queue"), List.of("TASK", "BRANCH", "STATUS", "AGE", "DETAIL"),
                q -> List.of(cell(q, "task"), cell(q, "branch"), statusCell(q, palette),
                        TextTable.Cell.plain(age(q.get("age_seconds"))), TextTable.Cell.plain(queueDetail(q))));
        section(out, palette, "Conflicts", conflictRows(s.get("conflicts")), List.of("KIND", "WHAT", "DETAIL"),
                c -> List.of(cell(c, "kind"), cell(c, "what"), c.get("urgent").asBoolean()
                        ? new TextTable.Cell(text(c, "detail"), palette::red) : cell(c, "detail")));
        out.flush();
        return buffer.toString();
    }

    private static String usageOf(JsonNode n) {
        return UsageText.of(UsageFields.read(n, n.path("model").isNull() ? null : n.path("model").asText()));
    }

    private static TextTable.Cell statusCell(JsonNode q, Palette palette) {
        String status = text(q, "status");
        return switch (status) {
            case "MERGED" -> new TextTable.Cell(status, palette::green);
            case "QUEUED" -> TextTable.Cell.plain(status);
            default -> new TextTable.Cell(status, palette::red);
        };
    }

    /** The conflict paths of a CONFLICT entry, else its failure line, else "-". */
    private static String queueDetail(JsonNode q) {
        List<String> paths = new ArrayList<>();
        q.get("conflict_paths").forEach(p -> paths.add(p.asText()));
        return !paths.isEmpty() ? String.join(", ", paths) : text(q, "failure");
    }

    /** One row per conflict of the three kinds, for the human table. */
    private static JsonNode conflictRows(JsonNode conflicts) {
        ArrayNode rows = JSON.createArrayNode();
        conflicts.get("artifacts").forEach(c -> {
            List<String> attempts = new ArrayList<>();
            c.path("attempts").forEach(a -> attempts.add(a.asText()));
            rows.addObject().put("kind", "artifact").put("what", text(c, "path") + " (" + String.join(", ", attempts) + ")")
                    .put("detail", text(c, "suggestion") + ": " + text(c, "detail"))
                    .put("urgent", "escalate".equals(c.path("suggestion").asText()));
        });
        conflicts.get("roadmap").forEach(c -> rows.addObject().put("kind", "roadmap")
                .put("what", "task " + text(c, "task") + " " + text(c, "field")).put("detail", text(c, "describe"))
                .put("urgent", true));
        conflicts.get("merge_queue").forEach(q -> rows.addObject().put("kind", "merge")
                .put("what", text(q, "task") + " " + text(q, "branch"))
                .put("detail", text(q, "status") + ": " + queueDetail(q)).put("urgent", true));
        return rows;
    }

    private interface Row {
        List<TextTable.Cell> of(JsonNode node);
    }

    private static void section(PrintWriter out, Palette palette, String title, JsonNode items, List<String> headers, Row row) {
        out.println();
        if (items.isEmpty()) {
            out.println(palette.bold(title) + palette.dim("  none"));
            return;
        }
        out.println(palette.bold(title));
        TextTable table = new TextTable(indentFirst(headers));
        items.forEach(item -> {
            List<TextTable.Cell> cells = new ArrayList<>(row.of(item));
            TextTable.Cell first = cells.get(0);
            cells.set(0, new TextTable.Cell("  " + first.text(), first.style()));
            table.add(cells);
        });
        table.print(out, palette::dim);
    }

    private static List<String> indentFirst(List<String> headers) {
        List<String> out = new ArrayList<>(headers);
        out.set(0, "  " + headers.get(0));
        return out;
    }

    private static TextTable.Cell cell(JsonNode node, String field) {
        return TextTable.Cell.plain(text(node, field));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "-" : v.asText();
    }

    private static String age(JsonNode seconds) {
        if (seconds == null || seconds.isNull()) {
            return "-";
        }
        return seconds.asLong() == 0 ? "<1s" : DurationText.format(Duration.ofSeconds(seconds.asLong()));
    }
}
