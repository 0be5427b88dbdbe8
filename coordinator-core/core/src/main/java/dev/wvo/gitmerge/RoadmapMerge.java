package dev.wvo.gitmerge;

import dev.wvo.gitmerge.RoadmapConflict.Side;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A three-way merge of roadmap files by task id and field. It starts from our text and applies
 * their changes relative to the base with {@link RoadmapEditor}, so our formatting, comments,
 * key order and unknown fields stay as they were. Changes to different tasks, or to different
 * fields of one task, merge; tasks new on either side are kept (theirs appended to the top-level
 * {@code tasks:} list); a task one side deleted and the other left alone is deleted. When both
 * sides changed one field differently, {@code status} follows {@link StatusPrecedence} and the
 * bookkeeping that goes with it ({@code claim}, {@code attempts}, {@code result}) follows the
 * status; any other field, and a task deleted on one side and changed on the other, is a
 * conflict recorded under the top-level {@code conflicts:} key (see {@link RoadmapConflicts}).
 */
public final class RoadmapMerge {

    /** Fields the scheduler writes together with {@code status}. */
    private static final Set<String> FOLLOW_STATUS = Set.of("claim", "attempts", "result");
    /** Stands for a field a side does not have. */
    private static final Object ABSENT = new Object();
    /** Stands for a field written with no value ({@code key:}), told apart from a missing one. */
    private static final Object NULL = new Object();

    private RoadmapMerge() {
    }

    /**
     * @param file   the roadmap's path, for messages
     * @param base   the common ancestor's text; blank when the file is new on both sides
     * @throws dev.wvo.roadmap.RoadmapException if a side is not a readable roadmap
     */
    public static RoadmapMergeResult merge(Path file, String base, String ours, String theirs) {
        Map<String, RoadmapTask> baseTasks = base.isBlank() ? Map.of() : byId(RoadmapReader.parse(file, base));
        Roadmap ourRoadmap = RoadmapReader.parse(file, ours);
        Map<String, RoadmapTask> ourTasks = byId(ourRoadmap);
        Map<String, RoadmapTask> theirTasks = byId(RoadmapReader.parse(file, theirs));

        RoadmapEditor editor = new RoadmapEditor(ourRoadmap);
        List<RoadmapConflict> conflicts = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (RoadmapTask their : theirTasks.values()) {
            RoadmapTask baseTask = baseTasks.get(their.id());
            RoadmapTask our = ourTasks.get(their.id());
            if (our != null) {
                mergeFields(baseTask == null ? Map.of() : baseTask.fields(), our, their.fields(), editor, conflicts);
            } else if (baseTask == null) {
                editor.add(asTopLevel(their));
            } else if (!baseTask.fields().equals(their.fields())) {
                editor.add(asTopLevel(their));
                conflicts.add(new RoadmapConflict(their.id(), RoadmapConflict.WHOLE_TASK,
                        RoadmapConflict.DELETED, RoadmapConflict.CHANGED));
            }
        }
        for (RoadmapTask baseTask : baseTasks.values()) {
            RoadmapTask our = ourTasks.get(baseTask.id());
            if (our == null || theirTasks.containsKey(baseTask.id())) {
                continue;
            }
            if (our.fields().equals(baseTask.fields())) {
                removed.add(baseTask.id());
            } else {
                conflicts.add(new RoadmapConflict(baseTask.id(), RoadmapConflict.WHOLE_TASK,
                        RoadmapConflict.CHANGED, RoadmapConflict.DELETED));
            }
        }

        String text = editor.apply();
        for (String id : removed) {
            text = RoadmapText.removeTask(text, id);
        }
        List<RoadmapConflict> recorded = mergeRecorded(base, ours, theirs, conflicts);
        if (!recorded.equals(RoadmapConflicts.list(text))) {
            text = RoadmapText.withConflicts(text, recorded);
        }
        RoadmapReader.parse(file, text); // the result must load: a failure here is a bug, not a conflict
        return new RoadmapMergeResult(text, conflicts);
    }

    private static void mergeFields(Map<String, Object> base, RoadmapTask our, Map<String, Object> theirs,
                                    RoadmapEditor editor, List<RoadmapConflict> conflicts) {
        Map<String, Object> ours = our.fields();
        Set<String> keys = new LinkedHashSet<>(ours.keySet());
        keys.addAll(theirs.keySet());
        keys.addAll(base.keySet());
        Optional<Side> statusWinner = Optional.empty();
        if (bothChanged(base, ours, theirs, "status")) {
            statusWinner = StatusPrecedence.winner(ours.get("status"), theirs.get("status"));
        }
        for (String key : keys) {
            Object b = get(base, key);
            Object o = get(ours, key);
            Object t = get(theirs, key);
            if (statusWinner.isPresent() && (key.equals("status") || FOLLOW_STATUS.contains(key))) {
                // the claim, attempts and result belong to the status they were written with
                if (statusWinner.get() == Side.THEIRS && !o.equals(t)) {
                    editor.set(our, key, plain(t));
                }
            } else if (!t.equals(b) && !o.equals(t)) {
                if (o.equals(b)) {
                    editor.set(our, key, plain(t));
                } else {
                    conflicts.add(new RoadmapConflict(our.id(), key, plain(o), plain(t)));
                }
            }
        }
    }

    private static boolean bothChanged(Map<String, Object> base, Map<String, Object> ours, Map<String, Object> theirs,
                                       String key) {
        Object b = get(base, key);
        Object o = get(ours, key);
        Object t = get(theirs, key);
        return !o.equals(b) && !t.equals(b) && !o.equals(t);
    }

    private static Object get(Map<String, Object> fields, String key) {
        return fields.containsKey(key) ? Objects.requireNonNullElse(fields.get(key), NULL) : ABSENT;
    }

    /** The value to write: null (the field removed) for a missing field or one with no value. */
    private static Object plain(Object value) {
        return value == ABSENT || value == NULL ? null : value;
    }

    /** Their new task as it goes into our top-level list: a nested task names its epic. */
    private static Map<String, Object> asTopLevel(RoadmapTask task) {
        Map<String, Object> fields = new LinkedHashMap<>(task.fields());
        if (task.epic() != null && !fields.containsKey("epic") && !fields.containsKey("epic_id")) {
            fields.put("epic", task.epic());
        }
        return fields;
    }

    /**
     * The conflicts the result records: those either side already had (minus those a side
     * settled since the base), then this merge's new ones, each once.
     */
    private static List<RoadmapConflict> mergeRecorded(String base, String ours, String theirs,
                                                       List<RoadmapConflict> fresh) {
        List<RoadmapConflict> before = base.isBlank() ? List.of() : RoadmapConflicts.list(base);
        List<RoadmapConflict> theirList = RoadmapConflicts.list(theirs);
        Set<RoadmapConflict> all = new LinkedHashSet<>();
        for (RoadmapConflict c : RoadmapConflicts.list(ours)) {
            if (!before.contains(c) || theirList.contains(c)) {
                all.add(c);
            }
        }
        for (RoadmapConflict c : theirList) {
            if (!before.contains(c)) {
                all.add(c);
            }
        }
        all.addAll(fresh);
        return new ArrayList<>(all);
    }

    private static Map<String, RoadmapTask> byId(Roadmap roadmap) {
        Map<String, RoadmapTask> tasks = new LinkedHashMap<>();
        for (RoadmapTask task : roadmap.tasks()) {
            tasks.putIfAbsent(task.id(), task);
        }
        return tasks;
    }
}
