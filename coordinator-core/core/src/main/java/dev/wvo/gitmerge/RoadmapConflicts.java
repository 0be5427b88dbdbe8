package dev.wvo.gitmerge;

import dev.wvo.gitmerge.RoadmapConflict.Side;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The conflicts a roadmap merge left in the file's top-level {@code conflicts:} list, which the
 * roadmap reader ignores, so a file with conflicts still loads. Each entry reads
 * {@code {task: ID, field: F, ours: V1, theirs: V2}}; settling one applies a value and removes it.
 */
public final class RoadmapConflicts {

    /** The top-level key of the list. */
    public static final String KEY = "conflicts";

    private RoadmapConflicts() {
    }

    /**
     * The recorded conflicts, in file order; empty when there are none. Finding the entry parses the
     * whole file (seconds for 10,000 tasks), so a roadmap whose top-level values (its settings, kept
     * with it) have no list under the key is known to have none without a parse, or a look at its
     * text: a 2 MB string that {@code wvo status} would make for nothing else.
     */
    public static List<RoadmapConflict> list(Roadmap roadmap) {
        return roadmap.setting(KEY) instanceof List<?> ? list(roadmap.text()) : List.of();
    }

    static List<RoadmapConflict> list(String text) {
        Object document = RoadmapText.conflictsBlock(text).map(block -> new Yaml(new LoaderOptions()).load(block))
                .orElse(null);
        List<RoadmapConflict> out = new ArrayList<>();
        if (document instanceof Map<?, ?> root && root.get(KEY) instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> e && e.get("task") != null) {
                    Object field = e.get("field");
                    out.add(new RoadmapConflict(e.get("task").toString(),
                            field == null ? RoadmapConflict.WHOLE_TASK : field.toString(), e.get("ours"), e.get("theirs")));
                }
            }
        }
        return out;
    }

    /**
     * Settles a field conflict with one side's value, or with a value of one's own.
     *
     * @return the roadmap's new text: the field set (removed if the value is null), the entry gone
     * @throws IllegalArgumentException if no such conflict is recorded or the task is not in the file
     */
    public static String resolve(Roadmap roadmap, String taskId, String field, Object value) {
        RoadmapConflict conflict = find(roadmap, taskId, field);
        RoadmapTask task = roadmap.task(taskId).orElseThrow(() -> new IllegalArgumentException(
                "Task " + taskId + " is not in " + roadmap.file() + "; remove its entry under `conflicts:` by hand"));
        String text = new RoadmapEditor(roadmap).set(task, field, value).apply();
        return without(roadmap, text, conflict);
    }

    /**
     * Settles a conflict by taking one side: a field conflict takes that side's value; a
     * whole-task conflict deletes the task if that side deleted it, else keeps it.
     */
    public static String resolve(Roadmap roadmap, String taskId, String field, Side side) {
        RoadmapConflict conflict = find(roadmap, taskId, field);
        if (!conflict.wholeTask()) {
            return resolve(roadmap, taskId, field, conflict.value(side));
        }
        String text = RoadmapConflict.DELETED.equals(conflict.value(side))
                ? RoadmapText.removeTask(roadmap.text(), taskId) : roadmap.text();
        return without(roadmap, text, conflict);
    }

    /**
     * A value given as YAML text ({@code 3}, {@code done}, {@code [a, b]}, {@code null}), as the
     * roadmap reader would read it.
     *
     * @throws IllegalArgumentException if the text is not one YAML value
     */
    public static Object parseValue(String yaml) {
        try {
            return new Yaml(new LoaderOptions()).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("'" + yaml + "' is not a YAML value: " + e.getMessage()
                    + "; quote it ('\"...\"') if you meant text", e);
        }
    }

    private static String without(Roadmap roadmap, String text, RoadmapConflict settled) {
        List<RoadmapConflict> rest = new ArrayList<>(list(text));
        rest.remove(settled);
        String result = RoadmapText.withConflicts(text, rest);
        RoadmapReader.parse(roadmap.file(), result); // never hand back what cannot be read
        return result;
    }

    private static RoadmapConflict find(Roadmap roadmap, String taskId, String field) {
        List<RoadmapConflict> all = list(roadmap);
        return all.stream().filter(c -> c.task().equals(taskId) && Objects.equals(c.field(), field)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No conflict recorded for task " + taskId
                        + (RoadmapConflict.WHOLE_TASK.equals(field) ? "" : ", field " + field) + " in "
                        + roadmap.file() + "; recorded: " + (all.isEmpty() ? "none"
                        : String.join("; ", all.stream().map(c -> c.task() + " " + c.field()).toList()))));
    }
}
