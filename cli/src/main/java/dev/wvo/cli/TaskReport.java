package dev.wvo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Json;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapCache;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Blocker;
import dev.wvo.schedule.Claim;
import dev.wvo.schedule.Runnability;

import java.util.Arrays;
import java.util.List;

/**
 * Each task of a roadmap with whether it may start now and, if not, why: what {@code task list},
 * {@code task show} and {@code status} print.
 */
final class TaskReport {

    /** One task, its status as written ({@code pending} when none is), and the judgement. */
    record Entry(RoadmapTask task, String status, Blocker blocker) {

        boolean runnable() {
            return blocker == null;
        }

        /** The reason worth showing: a problem of any task, or why a pending task waits. */
        String shownReason() {
            if (blocker == null) {
                return null;
            }
            return blocker.kind() == Blocker.Kind.STATUS && !Runnability.PENDING.equals(status)
                    && !blocker.detail().startsWith("claimed") ? null : blocker.detail();
        }
    }

    private TaskReport() {
    }

    /**
     * Every task of {@code roadmap} with its judgement, which a roadmap read by {@link
     * RoadmapCache#readJudged()} brings along when it did not change since it was last judged.
     */
    static List<Entry> of(Roadmap roadmap) {
        List<Blocker> blockers = RoadmapBoardStore.blockersOf(roadmap);
        List<RoadmapTask> tasks = roadmap.tasks();
        Entry[] entries = new Entry[tasks.size()];
        for (int i = 0; i < entries.length; i++) {
            // a method per task: compiled after a few hundred, where this loop's body runs interpreted
            entries[i] = entry(tasks.get(i), blockers.get(i));
        }
        return Arrays.asList(entries);
    }

    private static Entry entry(RoadmapTask task, Blocker blocker) {
        return new Entry(task, task.status(), blocker);
    }

    /** The JSON object of a task, with the keys docs/cli.md lists. */
    static ObjectNode json(Entry entry) {
        RoadmapTask t = entry.task();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", t.id());
        node.put("title", t.title());
        node.put("status", t.status());
        node.set("dependencies", Json.MAPPER.valueToTree(t.dependencies()));
        node.put("domain", t.domain());
        node.put("epic", t.epic());
        node.put("priority", t.priority());
        node.put("attempts", t.attempts());
        node.put("max_attempts", t.maxAttempts());
        Claim claim = t.claim();
        if (claim == null) {
            node.putNull("claim");
        } else {
            ObjectNode c = node.putObject("claim");
            c.put("worker", claim.worker());
            c.put("claimed_at", claim.claimedAt().toString());
            c.put("attempt", claim.attempt());
        }
        node.put("stage", StageProgress.of(t.fields()).map(StageProgress::label).orElse(null));
        node.put("runnable", entry.runnable());
        node.put("blocked_by", entry.blocker() == null ? null : entry.blocker().detail());
        node.put("line", t.line());
        return node;
    }
}
