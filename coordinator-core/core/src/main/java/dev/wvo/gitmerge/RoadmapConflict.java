package dev.wvo.gitmerge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One disagreement a roadmap merge could not settle, as kept in the roadmap's top-level
 * {@code conflicts:} list: the task, the field (or {@link #WHOLE_TASK} when one side deleted the
 * task and the other changed it), and each side's value ({@code null} when that side has no such
 * field; {@link #DELETED} or {@link #CHANGED} for a whole-task conflict).
 */
public record RoadmapConflict(String task, String field, Object ours, Object theirs) {

    /** The field named by a conflict about the task itself: deleted on one side, changed on the other. */
    public static final String WHOLE_TASK = "(task)";
    /** A whole-task conflict's value for the side that deleted the task. */
    public static final String DELETED = "deleted";
    /** A whole-task conflict's value for the side that changed the task. */
    public static final String CHANGED = "changed";

    public RoadmapConflict {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(field, "field");
        ours = normalized(ours);
        theirs = normalized(theirs);
    }

    /** Whole numbers as {@code Long}, however they were parsed, so that equal values compare equal. */
    private static Object normalized(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(normalized(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, normalized(v)));
            return out;
        }
        return value;
    }

    public boolean wholeTask() {
        return WHOLE_TASK.equals(field);
    }

    /** The value of one side. */
    public Object value(Side side) {
        return side == Side.OURS ? ours : theirs;
    }

    /** The entry as written in the file, keys in the documented order. */
    Map<String, Object> toEntry() {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("task", task);
        entry.put("field", field);
        entry.put("ours", ours);
        entry.put("theirs", theirs);
        return entry;
    }

    /** One line for a person: what differs and how to settle it. */
    public String describe() {
        if (wholeTask()) {
            return "task " + task + ": " + (DELETED.equals(ours) ? "deleted on ours, changed on theirs"
                    : "changed on ours, deleted on theirs") + "; settle with `wvo task resolve " + task
                    + " --take ours|theirs`";
        }
        return "task " + task + ", field " + field + ": ours " + ours + ", theirs " + theirs
                + "; settle with `wvo task resolve " + task + " --field " + field + " --take ours|theirs|VALUE`";
    }

    /** The two sides of a merge. */
    public enum Side {
        OURS, THEIRS
    }
}
