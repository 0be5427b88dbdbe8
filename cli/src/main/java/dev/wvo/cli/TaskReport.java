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
        viewsFromTheEnd(roadmap.tasks());
        List<TaskState> states = RoadmapBoardStore.statesOf(roadmap);
        Runnability runnability = new Runnability(states);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            TaskState state = states.get(i);
            entries.add(new Entry(roadmap.tasks().get(i), state, runnability.blockerOf(state).orElse(null)));
        }
        return entries;
    }

    /** Below this many tasks a second thread would cost more than the views it makes. */
    static final int VIEWS_AHEAD_FROM = 1_000;

    /**
     * Makes the tasks' views on a second thread, from the last task back, while the caller makes
     * them from the first on: every task's state needs its whole view, which is most of the time
     * {@code task list} spends on a big roadmap (~30 ms of 10,000 tasks, in a JVM that has not
     * compiled the code yet), and a second core is usually idle while a command runs. A task keeps
     * its view once made, so the two meet about half way and each view is made once, or twice
     * where they cross, equal both times. The thread gives up at its first failure: the caller
     * meets the same task and reports it as it always did.
     */
    private static void viewsFromTheEnd(List<RoadmapTask> tasks) {
        if (tasks.size() < VIEWS_AHEAD_FROM || Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread ahead = new Thread(() -> {
            try {
                for (int i = tasks.size() - 1; i >= 0; i--) {
                    tasks.get(i).view();
                }
            } catch (RuntimeException e) {
                // the caller makes this task's view itself, and fails or reports there
            }
        }, "wvo-task-views");
        ahead.setDaemon(true);
        ahead.start();
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
