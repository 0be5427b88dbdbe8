package dev.wvo.roadmap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Changes a roadmap's text in place, touching only what changed: a changed field's value is
 * rewritten where it stands, a removed field's lines are cut, a new field goes after the task's
 * last field at the same indentation, a new task after the last top-level task. Every other byte
 * of the file, comments and formatting included, stays as it was; with no change the text is
 * returned as read. Comments inside a rewritten value are not kept.
 */
public final class RoadmapEditor {

    /** Marks a field to remove. */
    private static final Object REMOVE = new Object();

    private final Roadmap roadmap;
    /** The roadmap's text, read near the edits only: an ASCII roadmap's is its bytes ({@link AsciiText}). */
    private final CharSequence text;
    private final Map<RoadmapTask, Map<String, Object>> changes = new IdentityHashMap<>();
    private final List<Map<String, Object>> added = new ArrayList<>();
    private String replacement;
    /** After {@link #edited}: the text it returned, and that text's UTF-8 bytes when it made them. */
    private CharSequence applied;
    private byte[] appliedUtf8;

    public RoadmapEditor(Roadmap roadmap) {
        this.roadmap = roadmap;
        this.text = roadmap.chars();
    }

    /** Sets a field of a task; a null value removes the field. */
    public RoadmapEditor set(RoadmapTask task, String key, Object value) {
        Map<String, Object> fields = changes.computeIfAbsent(task, t -> new LinkedHashMap<>());
        Object current = task.fields().containsKey(key) ? task.fields().get(key) : REMOVE;
        Object wanted = value == null ? REMOVE : value;
        if (equalValues(current, wanted)) {
            fields.remove(key);
        } else {
            fields.put(key, wanted);
        }
        return this;
    }

    /** Appends a new task (its fields in the order given) to the top-level task list. */
    public RoadmapEditor add(Map<String, Object> fields) {
        added.add(new LinkedHashMap<>(fields));
        return this;
    }

    /**
     * Replaces the whole text, for a change that field edits do not express (a conflict that a
     * roadmap merge recorded, settled); it excludes every other edit of the same transaction.
     */
    public RoadmapEditor replaceText(String text) {
        this.replacement = Objects.requireNonNull(text, "text");
        return this;
    }

    /** The ids of the tasks this editor changes, in no order, and "a new task" for each it adds: for messages. */
    List<String> changed() {
        List<String> ids = new ArrayList<>();
        editedTasks().forEach(task -> ids.add(task.id()));
        if (!added.isEmpty()) {
            ids.add(added.size() == 1 ? "a new task" : added.size() + " new tasks");
        }
        return ids;
    }

    public boolean hasChanges() {
        return (replacement != null && !replacement.contentEquals(text)) || !added.isEmpty()
                || changes.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** The roadmap this editor changes. */
    Roadmap roadmap() {
        return roadmap;
    }

    /** Whether the change replaces the whole text ({@link #replaceText}). */
    boolean replacesText() {
        return replacement != null;
    }

    /** The tasks this editor changes a field of, in no order. */
    List<RoadmapTask> editedTasks() {
        List<RoadmapTask> edited = new ArrayList<>();
        changes.forEach((task, fields) -> {
            if (!fields.isEmpty()) {
                edited.add(task);
            }
        });
        return edited;
    }

    /** Whether this editor changes a field of {@code task}. */
    boolean edits(RoadmapTask task) {
        Map<String, Object> changed = changes.get(task);
        return changed != null && !changed.isEmpty();
    }

    /**
     * A task's fields as this change means them: as they were, with its changes made. What the
     * store checks the written text against ({@link ChangeReadBack}), and what a transaction's
     * scheduler sees of the task before the write ({@code RoadmapBoardStore}).
     */
    Map<String, Object> meant(RoadmapTask task) {
        Map<String, Object> changed = changes.get(task);
        if (changed == null || changed.isEmpty()) {
            return task.fields();
        }
        Map<String, Object> fields = new LinkedHashMap<>(task.fields());
        changed.forEach((key, value) -> {
            if (value == REMOVE) {
                fields.remove(key);
            } else {
                fields.put(key, value);
            }
        });
        return fields;
    }

    /** The tasks this editor adds, each its fields, in the order added. */
    List<Map<String, Object>> added() {
        return Collections.unmodifiableList(added);
    }

    /** The new text of the file. */
    public String apply() {
        return edited().toString();
    }

    /**
     * The new text of the file, as {@link #apply} gives it; for an ASCII roadmap edited with ASCII,
     * its new bytes read as chars ({@link AsciiText}), without a string of 2 MB.
     */
    CharSequence edited() {
        applied = null;
        appliedUtf8 = null;
        if (replacement != null) {
            if (!added.isEmpty() || changes.values().stream().anyMatch(m -> !m.isEmpty())) {
                throw new IllegalStateException("a roadmap's text was replaced whole and edited in one transaction");
            }
            return replacement;
        }
        List<Edit> edits = new ArrayList<>();
        changes.forEach((task, fields) -> {
            if (!fields.isEmpty()) {
                editTask(task, fields, edits);
            }
        });
        if (!added.isEmpty()) {
            edits.add(appendTasks());
        }
        edits.sort(Comparator.comparingInt(Edit::start));
        spaceBeforeTightComments(edits);
        // built forwards at its final size: a 2 MB roadmap grown in place was copied three times
        int length = text.length();
        int limit = 0;
        for (Edit e : edits) {
            if (e.start() < limit) {
                throw new IllegalStateException("overlapping roadmap edits at " + e.start());
            }
            length += e.replacement().length() - (e.end() - e.start());
            limit = e.end();
        }
        byte[] was = roadmap.knownUtf8();
        if (!edits.isEmpty() && was != null && was.length == text.length()) {
            // an ASCII text with its bytes at hand (a claim changes a few lines of a 2 MB roadmap):
            // the new bytes are the old ones with the edits, and when the edits are ASCII too (as
            // many bytes as chars) the new text is made from them, one 2 MB array fewer per write
            appliedUtf8 = edited(was, edits);
            if (appliedUtf8.length == length) {
                applied = new AsciiText(appliedUtf8);
                return applied;
            }
        }
        String whole = text.toString(); // appended in stretches, as a string's chars are copied many at a time
        StringBuilder out = new StringBuilder(length);
        int from = 0;
        for (Edit e : edits) {
            out.append(whole, from, e.start()).append(e.replacement());
            from = e.end();
        }
        out.append(whole, from, whole.length());
        applied = out.toString();
        return applied;
    }

    /**
     * A blank after each edit that a comment follows without one ({@code status: "done"#x}, {@code
     * {id: a}#x}): YAML reads such a {@code #} as a comment after a quote or a bracket, but as part
     * of a plain value written in front of it, so {@code done#x} would be the new value.
     */
    private void spaceBeforeTightComments(List<Edit> edits) {
        for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            String r = e.replacement();
            if (e.end() < text.length() && text.charAt(e.end()) == '#' && !r.isEmpty()
                    && !Character.isWhitespace(r.charAt(r.length() - 1))) {
                edits.set(i, new Edit(e.start(), e.end(), r + " "));
            }
        }
    }

    /** The UTF-8 bytes of {@code text}, the text {@link #edited} returned: the ones it made, if it did. */
    byte[] utf8(CharSequence text) {
        return text == applied && appliedUtf8 != null ? appliedUtf8 : text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The bytes of an ASCII text, {@code was}, with the edits (sorted, not overlapping) made. */
    private static byte[] edited(byte[] was, List<Edit> edits) {
        byte[][] replacements = new byte[edits.size()][];
        int size = was.length;
        for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            replacements[i] = e.replacement().getBytes(StandardCharsets.UTF_8);
            size += replacements[i].length - (e.end() - e.start());
        }
        byte[] out = new byte[size];
        int from = 0;
        int at = 0;
        for (int i = 0; i < edits.size(); i++) {
            Edit e = edits.get(i);
            System.arraycopy(was, from, out, at, e.start() - from);
            at += e.start() - from;
            System.arraycopy(replacements[i], 0, out, at, replacements[i].length);
            at += replacements[i].length;
            from = e.end();
        }
        System.arraycopy(was, from, out, at, was.length - from);
        return out;
    }

    private record Edit(int start, int end, String replacement) {
    }

    private void editTask(RoadmapTask kept, Map<String, Object> fields, List<Edit> edits) {
        RoadmapTask task = roadmap.marked(kept);
        TaskMarks marks = task.marks();
        int base = task.base();
        // such a task does not run, but a command may name it (`task reset`, an import): refused with why
        marks.unplacedKeyProblem().ifPresent(problem -> {
            throw new RoadmapChangeRefused("Nothing was written: task " + task.id() + " (" + roadmap.file() + ":"
                    + task.line() + ") cannot be changed: " + problem + ", then run again", null);
        });
        if (marks.flow()) {
            // a task written as {id: x, ...}: rewrite it whole, in block style at the same place
            Map<String, Object> all = meant(kept);
            int column = marks.startColumn();
            String block = YamlValues.block(all, column);
            edits.add(new Edit(pos(base, marks.start()), pos(base, marks.end()), block.substring(column)));
            return;
        }
        int column = marks.keyColumn();
        StringBuilder appended = new StringBuilder();
        for (Map.Entry<String, Object> change : fields.entrySet()) {
            int at = marks.indexOf(change.getKey());
            if (at < 0) {
                if (change.getValue() != REMOVE) {
                    appended.append('\n').append(" ".repeat(column)).append(YamlValues.scalar(change.getKey())).append(':')
                            .append(YamlValues.afterKey(change.getValue(), column));
                }
                continue;
            }
            int valueEnd = valueEnd(base, marks, at);
            if (change.getValue() == REMOVE) {
                if (at > 0) {
                    edits.add(new Edit(valueEnd(base, marks, at - 1), valueEnd, ""));
                } else if (marks.entries() > 1) {
                    edits.add(new Edit(pos(base, marks.keyStart(at)), pos(base, marks.keyStart(1)), ""));
                }
            } else {
                edits.add(new Edit(pos(base, marks.keyEnd(at)), valueEnd, ":" + YamlValues.afterKey(change.getValue(), column)));
            }
        }
        if (!appended.isEmpty()) {
            int end = valueEnd(base, marks, marks.entries() - 1);
            edits.add(new Edit(end, end, appended.toString()));
        }
    }

    private Edit appendTasks() {
        TaskListEnd at = roadmap.taskListEnd();
        if (at.kind() == TaskListEnd.Kind.APPEND) {
            int dash = Math.max(0, at.column() - 2);
            StringBuilder out = new StringBuilder();
            for (Map<String, Object> task : added) {
                String block = YamlValues.block(task, at.column());
                out.append('\n').append(" ".repeat(dash)).append("- ").append(block.substring(at.column()));
            }
            return new Edit(at.start(), at.end(), out.toString());
        }
        List<Object> all = new ArrayList<>(at.items());
        all.addAll(added);
        if (at.kind() == TaskListEnd.Kind.REWRITE) {
            return new Edit(at.start(), at.end(), ":" + YamlValues.afterKey(all, at.column()));
        }
        String prefix = text.length() == 0 || text.charAt(text.length() - 1) == '\n' ? "" : "\n";
        return new Edit(text.length(), text.length(), prefix + "tasks:" + YamlValues.afterKey(all, 0) + "\n");
    }

    /** Where a task's entry's value ends in the text. */
    private int valueEnd(int base, TaskMarks marks, int entry) {
        // a comment at or left of the task's keys is not part of a value: it stays where it is
        return TaskMarks.textEnd(text, pos(base, marks.valueEnd(entry)), marks.flags(entry), marks.keyColumn() + 1);
    }

    /**
     * The char index in the text of a node's mark: marks count code points from the start of what
     * was parsed, which for a task read alone starts {@code base} code points into the text.
     */
    private int pos(int base, int mark) {
        return roadmap.codePoints().charIndex(base + mark);
    }

    private static boolean equalValues(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue() && x.doubleValue() == y.doubleValue();
        }
        return Objects.equals(a, b);
    }
}
