package dev.wvo.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.Budget;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.accounts.TaskBudget;
import dev.wvo.cli.render.AccountText;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.UsageText;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A {@link StatusSnapshot} as the JSON document {@code wvo status --json} prints; its schema, key
 * for key, is in {@code docs/cli.md}. Written from the typed snapshot, never read back.
 */
final class StatusJson {

    private StatusJson() {
    }

    static ObjectNode of(StatusSnapshot s) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("state", s.source().state().root().toAbsolutePath().toString());
        root.put("generated_at", s.readAt().toString());
        root.put("lock_backend", s.source().lockBackend());
        root.put("locks_at", s.source().locksAt());
        root.set("tasks", tasks(s.tasks()));
        root.set("workers", workers(s.workers()));
        root.set("locks", Json.MAPPER.valueToTree(s.locks().stream().map(l -> LockListing.Lock.of(l, s.readAt()))
                .toList()));
        ArrayNode limits = root.putArray("rate_limits");
        for (RateLimitBoard.Limit l : s.rateLimits()) {
            limits.addObject().put("account", l.account()).put("backend", l.backend()).put("until", l.until().toString())
                    .put("by", l.by()).put("reason", l.reason());
        }
        root.set("accounts", accounts(s.accounts()));
        root.set("all_limited", AccountText.allLimitedJson(s.allLimited(), Json.MAPPER.createObjectNode()));
        ArrayNode queue = root.putArray("merge_queue");
        s.mergeQueue().forEach(q -> queue.add(queueEntry(q)));
        root.set("conflicts", conflicts(s));
        root.set("cost", cost(s.cost()));
        return root;
    }

    /** What the agent runs used: per task and in total, from the cost ledger. */
    private static ObjectNode cost(StatusSnapshot.Cost cost) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode all = n.putObject("total");
        all.put("runs", cost.total().runs());
        UsageText.put(all, cost.total().usage());
        ArrayNode byTask = n.putArray("by_task");
        for (var task : cost.byTask().entrySet()) {
            CostLedger.Total t = task.getValue();
            ObjectNode row = byTask.addObject();
            row.put("task", task.getKey());
            row.put("runs", t.runs());
            UsageText.put(row, t.usage());
            TaskBudget budget = cost.taskBudgets().get(task.getKey());
            row.put("budget", budget == null ? null : budget.budget().toString());
            row.put("budget_reached", budget != null && budget.reached());
        }
        ObjectNode budgets = n.putObject("budgets");
        budgets.put("task", text(cost.budgets().task()));
        budgets.put("account_per_day", text(cost.budgets().accountPerDay()));
        budgets.put("run", text(cost.budgets().run()));
        return n;
    }

    /** The accounts of {@code status --json}'s {@code "accounts"}, and of {@code limits --json}. */
    static ArrayNode accounts(List<StatusSnapshot.AccountLine> lines) {
        ArrayNode accounts = Json.MAPPER.createArrayNode();
        lines.forEach(a -> AccountText.put(accounts.addObject(), a));
        return accounts;
    }

    private static String text(Budget budget) {
        return budget == null ? null : budget.toString();
    }

    private static ObjectNode tasks(StatusSnapshot.Tasks tasks) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("total", tasks.total());
        n.set("counts", Json.MAPPER.valueToTree(tasks.counts()));
        n.put("warnings", tasks.warnings());
        ArrayNode inProgress = n.putArray("in_progress");
        for (StatusSnapshot.TaskInProgress t : tasks.inProgress()) {
            inProgress.addObject().put("id", t.id()).put("title", t.title()).put("worker", t.worker())
                    .put("attempt", t.attempt()).put("claimed_at", text(t.claimedAt()))
                    .put("age_seconds", seconds(t.age())).put("worker_alive", t.workerAlive()).put("stage", t.stage());
        }
        ArrayNode attention = n.putArray("needs_attention");
        for (NeedsAttention t : tasks.needsAttention()) {
            attention.addObject().put("id", t.id()).put("title", t.title()).put("reason", t.reason())
                    .put("since", t.since()).set("reactions", Json.MAPPER.valueToTree(t.counts()));
        }
        ArrayNode retrying = n.putArray("retrying");
        for (StatusSnapshot.Retrying t : tasks.retrying()) {
            retrying.addObject().put("id", t.id()).put("title", t.title()).put("attempts", t.attempts())
                    .put("max_attempts", t.maxAttempts()).put("reason", t.reason()).put("since", t.since());
        }
        return n;
    }

    /** The worker objects of {@code status --json}'s {@code "workers"}, and of {@code worker list --json}. */
    static ArrayNode workers(List<StatusSnapshot.WorkerLine> lines) {
        ArrayNode workers = Json.MAPPER.createArrayNode();
        lines.forEach(line -> workers.add(worker(line)));
        return workers;
    }

    /** One worker object of {@link #workers}, also what {@code wvo ps --json} extends. */
    static ObjectNode worker(StatusSnapshot.WorkerLine line) {
        WorkerRecord w = line.record();
        ObjectNode worker = Json.MAPPER.createObjectNode().put("id", w.id()).put("alive", line.alive())
                .put("status", w.status().label()).put("task", w.task()).put("attempt", w.attempt())
                .put("agent", w.agent()).put("pid", w.pid()).put("host", w.host())
                .put("started_at", w.startedAt().toString()).put("heartbeat_at", w.heartbeatAt().toString())
                .put("heartbeat_age_seconds", line.heartbeatAge().toSeconds())
                .put("task_started_at", text(w.taskStartedAt())).put("detail", w.detail());
        w.accounts().forEach(worker.putArray("accounts")::add);
        return worker;
    }

    private static ObjectNode queueEntry(StatusSnapshot.QueueLine q) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", q.id()).put("task", q.task()).put("branch", q.branch()).put("status", q.status())
                .put("priority", q.priority()).put("enqueued_at", text(q.enqueuedAt()))
                .put("age_seconds", seconds(q.age()));
        n.set("conflict_paths", Json.MAPPER.valueToTree(q.conflictPaths()));
        n.put("failure", q.failure());
        return n;
    }

    /**
     * Every conflict a person may have to settle: artifact conflicts as {@code wvo conflicts}
     * lists them, roadmap merge conflicts, and merge-queue entries stopped on a conflict or on
     * failing tests.
     */
    private static ObjectNode conflicts(StatusSnapshot s) {
        StatusSnapshot.Conflicts c = s.conflicts();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("total", c.total());
        n.put("escalated", c.escalated());
        n.set("artifacts", Json.MAPPER.valueToTree(ConflictListing.of(s.source().state().events(), c.artifacts())
                .conflicts()));
        ArrayNode roadmap = n.putArray("roadmap");
        for (RoadmapConflict rc : c.roadmap()) {
            ObjectNode r = roadmap.addObject();
            r.put("task", rc.task());
            r.put("field", rc.field());
            r.set("ours", Json.MAPPER.valueToTree(rc.ours()));
            r.set("theirs", Json.MAPPER.valueToTree(rc.theirs()));
            r.put("describe", rc.describe());
        }
        ArrayNode merges = n.putArray("merge_queue");
        c.mergeQueue().forEach(q -> merges.add(queueEntry(q)));
        return n;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Long seconds(Duration d) {
        return d == null ? null : d.toSeconds();
    }
}
