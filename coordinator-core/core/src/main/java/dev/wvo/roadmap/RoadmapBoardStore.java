package dev.wvo.roadmap;

import dev.wvo.events.Event;
import dev.wvo.schedule.Blocker;
import dev.wvo.schedule.Claim;
import dev.wvo.schedule.JudgedTask;
import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskBoard;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** The scheduler's view of the roadmap file: each transaction is a {@link RoadmapStore#update}, each read a lock-free one. */
public final class RoadmapBoardStore implements TaskBoardStore {

    private final RoadmapStore store;

    public RoadmapBoardStore(RoadmapStore store) {
        this.store = store;
    }

    @Override
    public <T> T update(Function<TaskBoard, T> change) {
        return store.update((roadmap, editor, log) -> change.apply(new Board(roadmap, editor, log)));
    }

    @Override
    public List<TaskState> tasks() {
        return statesOf(store.read());
    }

    /** Read without the lock, as {@link #tasks()} is. */
    @Override
    public Object setting(String key) {
        return store.read().setting(key);
    }

    /** The scheduler's state of every task of a roadmap, read without a transaction. */
    public static List<TaskState> statesOf(Roadmap roadmap) {
        return readOnly(roadmap).tasks();
    }

    /**
     * Every task of a roadmap as {@link dev.wvo.schedule.Runnability} judges it, in file order: what
     * {@link #statesOf(Roadmap)} gives it to judge, read from each task's fields without the view a
     * state is made of: what {@link #blockersOf} judges ({@code wvo task list} shows a few fields of
     * each task); a claim needs its tasks' views and judges their states.
     */
    static List<JudgedTask> judgedOf(Roadmap roadmap) {
        List<RoadmapTask> tasks = roadmap.tasks();
        JudgedTask[] judged = new JudgedTask[tasks.size()];
        for (int i = 0; i < judged.length; i++) {
            RoadmapTask task = tasks.get(i);
            judged[i] = new RoadmapJudgedTask(task, roadmap.problemsOf(task));
        }
        return List.of(judged);
    }

    /**
     * Each task's blocker, in file order, {@code null} where the task is runnable: {@link
     * Runnability}'s judgement of {@link #judgedOf}'s tasks as the roadmap alone says (no worker's
     * stacking). What {@code wvo task list} shows of every task. Judged once per roadmap and kept
     * with it; {@link RoadmapCache#readJudged()} keeps it on disk beside the roadmap, so that a
     * list of a roadmap that did not change judges nothing: on 10,000 tasks the judgement was
     * ~20 ms of a fresh JVM's main thread, its code run interpreted task after task
     * (docs/performance.md, "CLI start-up on a 10,000-task roadmap").
     */
    public static List<Blocker> blockersOf(Roadmap roadmap) {
        List<Blocker> known = roadmap.knownBlockers();
        if (known != null) {
            return known;
        }
        List<JudgedTask> judged = judgedOf(roadmap);
        Runnability runnability = new Runnability(judged);
        Blocker[] blockers = new Blocker[judged.size()];
        for (int i = 0; i < blockers.length; i++) {
            // a method per task: compiled after a few hundred, where this loop's body runs interpreted
            blockers[i] = blockerOf(runnability, judged.get(i));
        }
        List<Blocker> made = Collections.unmodifiableList(Arrays.asList(blockers)); // List.of takes no null
        roadmap.withBlockers(made);
        return made;
    }

    private static Blocker blockerOf(Runnability runnability, JudgedTask task) {
        return runnability.blockerOf(task).orElse(null);
    }

    /**
     * The states {@link #statesOf(Roadmap)} gives of the tasks {@code which} picks, in file order,
     * without making the others': a state costs its task's whole view, and {@code wvo status}
     * looks closer at only a few of 10,000 tasks.
     */
    public static List<TaskState> statesOf(Roadmap roadmap, Predicate<RoadmapTask> which) {
        List<RoadmapTask> picked = new ArrayList<>();
        for (RoadmapTask task : roadmap.tasks()) {
            if (which.test(task)) {
                picked.add(task);
            }
        }
        return statesOf(roadmap, picked);
    }

    /** The states {@link #statesOf(Roadmap)} gives of {@code tasks}, tasks of {@code roadmap}, in their order. */
    public static List<TaskState> statesOf(Roadmap roadmap, List<RoadmapTask> tasks) {
        Board board = readOnly(roadmap);
        List<TaskState> states = new ArrayList<>(tasks.size());
        for (RoadmapTask task : tasks) {
            states.add(board.stateOf(task));
        }
        return states;
    }

    private static Board readOnly(Roadmap roadmap) {
        return new Board(roadmap, new RoadmapEditor(roadmap), event -> {
            throw new IllegalStateException("A roadmap read outside a transaction logs no event");
        });
    }

    /**
     * A transaction's tasks: the file's, with this transaction's changes laid over them, as the
     * editor that will write them means them ({@link RoadmapEditor#meant}).
     */
    private static final class Board implements TaskBoard {
        private final Roadmap roadmap;
        private final RoadmapEditor editor;
        private final Consumer<Event> log;
        private List<TaskState> cached; // the states as of the last change; made again after one

        Board(Roadmap roadmap, RoadmapEditor editor, Consumer<Event> log) {
            this.roadmap = roadmap;
            this.editor = editor;
            this.log = log;
        }

        @Override
        public List<TaskState> tasks() {
            if (cached != null) {
                return cached;
            }
            List<RoadmapTask> edited = editor.editedTasks();
            if (edited.isEmpty()) {
                cached = roadmap.states(); // the roadmap's, made for the few tasks a splice read again
                return cached;
            }
            TaskState[] states = roadmap.states().toArray(new TaskState[0]);
            for (RoadmapTask task : edited) {
                states[task.index()] = stateOf(task);
            }
            cached = List.of(states);
            return cached;
        }

        @Override
        public List<TaskState> claimed() {
            if (editor.editedTasks().isEmpty()) {
                return roadmap.claimedStates();
            }
            return TaskBoard.super.claimed();
        }

        @Override
        public Optional<TaskState> task(String taskId) {
            return roadmap.task(taskId).map(this::stateOf);
        }

        /** A task's state in this transaction: the roadmap's, unless this transaction changed the task. */
        private TaskState stateOf(RoadmapTask original) {
            if (!editor.edits(original)) {
                return roadmap.stateOf(original);
            }
            RoadmapTask t = original.withFields(editor.meant(original));
            return new TaskState(t.view(), t.attempts(), t.maxAttempts(), t.claim(), roadmap.problemsOf(original), t.index());
        }

        @Override
        public void claim(String taskId, Claim claim) {
            RoadmapTask task = find(taskId);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("worker", claim.worker());
            c.put("claimed_at", claim.claimedAt().toString());
            c.put("attempt", claim.attempt());
            if (claim.presence() != Claim.UNKNOWN_PRESENCE) {
                c.put("presence", claim.presence());
            }
            change(task, "status", "in_progress");
            change(task, "claim", c);
        }

        @Override
        public void finish(String taskId, String status, int attempts, Result result) {
            RoadmapTask task = find(taskId);
            change(task, "status", status);
            change(task, "attempts", attempts == 0 && !task.fields().containsKey("attempts") ? null : attempts);
            change(task, "claim", null);
            if (result != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("outcome", result.outcome());
                r.put("finished_at", result.finishedAt().toString());
                r.put("summary", result.summary());
                if (!result.artifacts().isEmpty()) {
                    r.put("artifacts", result.artifacts());
                }
                change(task, "result", r);
            }
        }

        @Override
        public void record(String taskId, Map<String, Object> fields) {
            RoadmapTask task = find(taskId);
            fields.forEach((k, v) -> change(task, k, v));
        }

        @Override
        public void log(Event event) {
            log.accept(event);
        }

        @Override
        public Object setting(String key) {
            return roadmap.setting(key);
        }

        @Override
        public String whereIs(String taskId) {
            return roadmap.file() + ":" + find(taskId).line();
        }

        private RoadmapTask find(String id) {
            return roadmap.task(id).orElseThrow(() -> new IllegalArgumentException("No task " + id + " in " + roadmap.file()));
        }

        private void change(RoadmapTask task, String key, Object value) {
            editor.set(task, key, value);
            cached = null;
        }
    }
}
