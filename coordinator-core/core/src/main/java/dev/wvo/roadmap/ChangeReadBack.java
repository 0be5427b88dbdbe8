package dev.wvo.roadmap;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The store's last check of a change before it is written ({@link RoadmapStore#update}): that the
 * roadmap read back from the new text says what the change meant. {@link RoadmapEditor} places
 * values by where the fields it read lie in the text, and a YAML shape it did not know made a
 * text that parses and says something else: an explicit key ({@code ? status}) became a mapping
 * and a claim was lost; a task added after an alias item went in where its anchor stands.
 *
 * <p>Checked: as many tasks as before with those added; each edited task's fields as they were
 * with its changes; each added task's fields as given. Scalars compare as text (a count set as an
 * int reads back as a long). Without tasks added every task keeps its place, and only the edited
 * ones are looked at (a claim's one: a splice proved the rest the same bytes). With tasks added
 * (always a whole read), the two lists are walked side by side by id, the added tasks where they
 * stand among the others; which list an added task went into is not checked.
 */
final class ChangeReadBack {

    private ChangeReadBack() {
    }

    /** Where {@code after}, the roadmap of {@code editor}'s new text, says otherwise than the change meant, if anywhere. */
    static Optional<String> misread(RoadmapEditor editor, Roadmap after) {
        if (editor.replacesText()) {
            return Optional.empty();
        }
        List<RoadmapTask> was = editor.roadmap().tasks();
        List<RoadmapTask> now = after.tasks();
        List<Map<String, Object>> added = editor.added();
        if (now.size() != was.size() + added.size()) {
            return Optional.of("it would hold " + now.size() + " tasks, where " + (was.size() + added.size()) + " were meant");
        }
        if (added.isEmpty()) {
            for (RoadmapTask task : editor.editedTasks()) {
                Optional<String> misread = misread(editor.meant(task), now.get(task.index()));
                if (misread.isPresent()) {
                    return misread;
                }
            }
            return Optional.empty();
        }
        int next = 0; // the next added task to find
        int i = 0;    // the next task that was there
        for (RoadmapTask back : now) {
            RoadmapTask task = i < was.size() ? was.get(i) : null;
            Map<String, Object> meant = task == null ? null : editor.meant(task);
            boolean there = meant != null && Objects.equals(idOf(meant), back.id());
            boolean isAdded = next < added.size() && Objects.equals(idOf(added.get(next)), back.id());
            if (there && isAdded) {
                there = sameValue(meant, back.fields()); // an added task with the id of the one that stands next
            }
            Optional<String> misread;
            if (there) {
                misread = editor.edits(task) ? misread(meant, back) : Optional.empty();
                i++;
            } else if (isAdded) {
                misread = misread(added.get(next), back);
                next++;
            } else {
                misread = Optional.of("task " + back.id() + " would stand where " + (task == null ? "no task" : "task " + task.id())
                        + " was");
            }
            if (misread.isPresent()) {
                return misread;
            }
        }
        return Optional.empty();
    }

    private static String idOf(Map<String, Object> fields) {
        Object id = fields.get("id");
        return id == null ? null : id.toString();
    }

    /** What in {@code back} differs from the fields {@code meant} for it, if anything. */
    private static Optional<String> misread(Map<String, Object> meant, RoadmapTask back) {
        String id = idOf(meant);
        if (!Objects.equals(id, back.id())) {
            return Optional.of("task " + back.id() + " would stand where task " + id + " was meant");
        }
        Set<String> keys = new LinkedHashSet<>(meant.keySet());
        keys.addAll(back.fields().keySet());
        for (String key : keys) {
            boolean meantHas = meant.containsKey(key);
            boolean backHas = back.fields().containsKey(key);
            if (meantHas != backHas || !sameValue(meant.get(key), back.fields().get(key))) {
                return Optional.of("task " + id + " would read " + (backHas ? "`" + key + ": " + shown(back.fields().get(key))
                        + "`" : "without `" + key + "`") + ", where " + (meantHas ? "`" + key + ": " + shown(meant.get(key))
                        + "`" : "no `" + key + "`") + " was meant");
            }
        }
        return Optional.empty();
    }

    /** Whether a value meant reads back as {@code read}: maps and lists alike, scalars the same as text. */
    private static boolean sameValue(Object meant, Object read) {
        if (meant instanceof Map<?, ?> m) {
            if (!(read instanceof Map<?, ?> r) || m.size() != r.size()) {
                return false;
            }
            Map<String, Object> byText = new HashMap<>();
            r.forEach((k, v) -> byText.put(String.valueOf(k), v));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!byText.containsKey(key) || !sameValue(e.getValue(), byText.get(key))) {
                    return false;
                }
            }
            return true;
        }
        if (meant instanceof List<?> m) {
            if (!(read instanceof List<?> r) || m.size() != r.size()) {
                return false;
            }
            for (int i = 0; i < m.size(); i++) {
                if (!sameValue(m.get(i), r.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return !(read instanceof Map<?, ?>) && !(read instanceof List<?>) && String.valueOf(meant).equals(String.valueOf(read));
    }

    /** A value as YAML in flow style, on one line: for the message. */
    private static String shown(Object value) {
        if (value instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            map.forEach((k, v) -> out.append(out.length() > 1 ? ", " : "").append(YamlValues.scalar(k)).append(": ").append(shown(v)));
            return out.append('}').toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(v -> out.append(out.length() > 1 ? ", " : "").append(shown(v)));
            return out.append(']').toString();
        }
        return YamlValues.scalar(value);
    }
}
