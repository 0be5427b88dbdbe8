package dev.wvo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Json;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Blocker;
import dev.wvo.schedule.Claim;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;

import java.util.ArrayList;
import java.util.List;

/**
 * Each task of a roadmap with whether it may start now and, if not, why: what {@code task list},
 * {@code task show} and {@code status} print.
 */
final class TaskReport {

    /** One task and its runnability. */
    record Entry(RoadmapTask task, TaskState state, Blocker blocker) {

        boolean runnable() {
            return blocker == null;
        }

        /** The reason worth showing: a problem of any task, or why a pending task waits. */
        String shownReason() {
            if (blocker == null) {
                return null;
            }
            return blocker.kind() == Blocker.Kind.STATUS && !Runnability.PENDING.equals(task.status())
                    && !blocker.detail().startsWith("claimed") ? null : blocker.detail();
        }
    }

    private TaskReport() {
    }

    static List<Entry> of(Roadmap roadmap) {
        List<TaskState> states = RoadmapBoardStore.statesOf(roadmap);
        Runnability runnability = new Runnability(states);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            TaskState state = states.get(i);
            entries.add(new Entry(roadmap.tasks().get(i), state, runnability.blockerOf(state).orElse(null)));
        }
        return entries;
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
