package dev.wvo.roadmap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private final String text;
    private final Map<RoadmapTask, Map<String, Object>> changes = new IdentityHashMap<>();
    private final List<Map<String, Object>> added = new ArrayList<>();
    private String replacement;
    /** After {@link #apply}: how many chars at the text's start and end no edit touched; -1 when it made no edit. */
    private int unchangedHead = -1;
    private int unchangedTail;

    public RoadmapEditor(Roadmap roadmap) {
        this.roadmap = roadmap;
        this.text = roadmap.text();
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

    public boolean hasChanges() {
        return (replacement != null && !replacement.equals(text)) || !added.isEmpty()
                || changes.values().stream().anyMatch(m -> !m.isEmpty());
    }

    /** The new text of the file. */
    public String apply() {
        unchangedHead = -1;
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
        StringBuilder out = new StringBuilder(length);
        int from = 0;
        for (Edit e : edits) {
            out.append(text, from, e.start()).append(e.replacement());
            from = e.end();
        }
        out.append(text, from, text.length());
        if (!edits.isEmpty()) {
            unchangedHead = edits.get(0).start();
            unchangedTail = text.length() - edits.get(edits.size() - 1).end();
        }
        return out.toString();
    }

    /**
     * The UTF-8 bytes of {@code applied}, the text {@link #apply} returned: when the roadmap's
     * text is ASCII, only the stretch the edits changed is encoded, the rest copied from the bytes
     * it was read from (a claim changes a few lines of a 2 MB roadmap).
     */
    byte[] utf8(String applied) {
        byte[] was = roadmap.utf8();
        if (unchangedHead < 0 || was.length != text.length()) {
            return applied.getBytes(StandardCharsets.UTF_8);
        }
        byte[] middle = applied.substring(unchangedHead, applied.length() - unchangedTail).getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[unchangedHead + middle.length + unchangedTail];
        System.arraycopy(was, 0, bytes, 0, unchangedHead);
        System.arraycopy(middle, 0, bytes, unchangedHead, middle.length);
        System.arraycopy(was, was.length - unchangedTail, bytes, unchangedHead + middle.length, unchangedTail);
        return bytes;
    }

    private record Edit(int start, int end, String replacement) {
    }

    private void editTask(RoadmapTask task, Map<String, Object> fields, List<Edit> edits) {
        TaskMarks marks = task.marks();
        int base = task.base();
        if (marks.flow()) {
            // a task written as {id: x, ...}: rewrite it whole, in block style at the same place
            Map<String, Object> all = new LinkedHashMap<>(task.fields());
            fields.forEach((k, v) -> {
                if (v == REMOVE) {
                    all.remove(k);
                } else {
                    all.put(k, v);
                }
            });
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
        String prefix = text.isEmpty() || text.endsWith("\n") ? "" : "\n";
        return new Edit(text.length(), text.length(), prefix + "tasks:" + YamlValues.afterKey(all, 0) + "\n");
    }

    /** Where a task's entry's value ends in the text. */
    private int valueEnd(int base, TaskMarks marks, int entry) {
        return TaskMarks.textEnd(text, pos(base, marks.valueEnd(entry)), marks.flags(entry));
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
