package dev.wvo.cli.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.AccountText;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.EventSentences;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.StatusWords;
import dev.wvo.cli.render.UsageText;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.status.StatusSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * What the web page shows, as the JSON each Server-Sent Event carries: the panels of the shell's
 * full screen, in the same words ({@link StatusWords}, {@link EventSentences}, {@link
 * DurationText}), drawn from the same {@link StatusSnapshot}. The page only lays it out.
 */
final class PageJson {

    private PageJson() {
    }

    /**
     * @param lastOutput per working worker, the last line its agent printed
     * @param now        the time ages are measured to
     * @param zone       the zone of the times shown
     */
    static ObjectNode of(StatusSnapshot s, Map<String, String> lastOutput, Instant now, ZoneId zone) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        EventSentences sentences = new EventSentences(zone, now);
        root.put("state", s.source().state().root().toAbsolutePath().toString());
        root.put("time", sentences.time(now));
        StatusSnapshot.Tasks tasks = s.tasks();
        root.put("done", tasks.count("done"));
        root.put("total", tasks.total());
        root.set("counts", Json.MAPPER.valueToTree(tasks.counts()));
        ArrayNode workers = root.putArray("workers");
        for (StatusSnapshot.WorkerLine w : s.workers()) {
            String task = w.record().task();
            workers.addObject().put("id", w.id()).put("state", StatusWords.workerState(w))
                    .put("alive", w.alive()).put("agent", w.record().agent())
                    .put("task", task == null ? null : task + (w.record().attempt() == null ? "" : "#" + w.record().attempt()))
                    .put("stage", StatusWords.stageOf(s, task))
                    .put("elapsed", w.record().taskStartedAt() == null ? null
                            : DurationText.age(Duration.between(w.record().taskStartedAt(), now)))
                    .put("output", task == null ? w.record().detail() : lastOutput.get(w.id()));
        }
        ArrayNode taskRows = root.putArray("tasks");
        for (StatusSnapshot.TaskLine t : tasks.all()) {
            taskRows.addObject().put("id", t.id()).put("title", t.title()).put("status", t.status())
                    .put("epic", t.epic()).put("domain", t.domain()).put("tries", t.attempts() + "/" + t.maxAttempts())
                    .put("worker", t.worker())
                    .put("why", t.waitingFor() != null ? t.waitingFor()
                            : t.problems().isEmpty() ? null : String.join("; ", t.problems()));
        }
        ObjectNode queue = root.putObject("merge_queue");
        List<StatusSnapshot.QueueLine> open = StatusWords.openEntries(s);
        queue.put("queued", open.stream().filter(q -> "QUEUED".equals(q.status())).count());
        queue.put("landed", StatusWords.landed(s));
        queue.put("merging", StatusWords.merging(s));
        queue.put("last_landed", StatusWords.lastLanded(s).orElse(null));
        ArrayNode entries = queue.putArray("entries");
        for (StatusSnapshot.QueueLine q : open) {
            entries.addObject().put("id", q.id()).put("task", q.task()).put("branch", q.branch())
                    .put("status", q.status().toLowerCase().replace('_', ' ')).put("age", DurationText.age(q.age()))
                    .put("detail", q.detail()).put("needs_attention", q.needsAttention());
        }
        ArrayNode accounts = root.putArray("accounts");
        for (StatusSnapshot.AccountLine a : s.accounts()) {
            accounts.addObject().put("id", a.id()).put("usable", a.usable()).put("state", AccountText.state(a, now))
                    .put("why", AccountText.why(a)).put("today", AccountText.today(a))
                    .put("over_budget", a.dailyBudget() != null && a.dailyBudget().reachedBy(a.spentToday()));
        }
        root.put("all_limited", s.allLimited() == null ? null
                : AccountText.allLimited(s.allLimited()) + ": the workers are parked");
        root.put("spent", s.cost().total().runs() == 0 ? "no agent runs yet"
                : s.cost().total().runs() + " agent runs · " + UsageText.of(s.cost().total().usage()));
        root.set("needs_attention", Json.MAPPER.valueToTree(tasks.needsAttention().stream()
                .map(NeedsAttention::id).toList()));
        root.set("events", Json.MAPPER.valueToTree(sentences.of(s.recentEvents())));
        return root;
    }
}
