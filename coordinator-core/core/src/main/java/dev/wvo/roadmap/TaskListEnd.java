package dev.wvo.roadmap;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Where {@link RoadmapEditor} puts new tasks in a roadmap's text, found in its whole parse and
 * kept with it instead of the parsed document: after the last item of a block {@code tasks:} list
 * ({@link Kind#APPEND}); in place of a {@code tasks:} value that is empty or a flow list, rewritten
 * with the items it had ({@link Kind#REWRITE}); or as a new {@code tasks:} list at the end of the
 * text ({@link Kind#NEW_LIST}).
 *
 * @param start  char index where the edit starts
 * @param end    char index where it ends (the same as start for an append)
 * @param column the items' column (APPEND) or the {@code tasks} key's (REWRITE)
 * @param items  the items a rewritten list had, as values (REWRITE only; else empty)
 */
record TaskListEnd(Kind kind, int start, int end, int column, List<Object> items) {

    enum Kind { APPEND, REWRITE, NEW_LIST }

    static TaskListEnd of(MappingNode root, String text, CodePoints cps) {
        Node tasks = RoadmapReader.value(root, "tasks");
        if (tasks instanceof SequenceNode seq && !seq.getValue().isEmpty() && seq.getFlowStyle() != DumperOptions.FlowStyle.FLOW) {
            Written written = Written.of(seq);
            // a comment left of the list's dashes heads what follows the list: new tasks go above it
            int end = TaskMarks.textEnd(text, cps.charIndex(written.last().getEndMark().getIndex()),
                    TaskMarks.flagsOf(written.last()), seq.getStartMark().getColumn());
            return new TaskListEnd(Kind.APPEND, end, end, written.column(), List.of());
        }
        if (tasks == null) {
            return new TaskListEnd(Kind.NEW_LIST, text.length(), text.length(), 0, List.of());
        }
        List<Object> items = new ArrayList<>();
        if (tasks instanceof SequenceNode seq) {
            seq.getValue().forEach(n -> items.add(YamlValues.valueOf(n)));
        }
        for (NodeTuple t : root.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("tasks")) {
                int keyEnd = cps.charIndex(t.getKeyNode().getEndMark().getIndex());
                int column = t.getKeyNode().getStartMark().getColumn();
                int valueEnd = TaskMarks.textEnd(text, cps.charIndex(tasks.getEndMark().getIndex()), TaskMarks.flagsOf(tasks),
                        column + 1);
                return new TaskListEnd(Kind.REWRITE, keyEnd, valueEnd, column, items);
            }
        }
        throw new IllegalStateException("a `tasks:` value without its key");
    }

    /**
     * Where a block list's items are written: the node whose end is the end of its last item (that
     * item, or the list when the item is an alias), and the column of its first item's content.
     * An alias ({@code - *name}) is given its anchor's node, and so its marks, elsewhere in the file:
     * a task added after the last item went in where the anchor stands. An item that starts
     * before an earlier one ends, or before the list, is such an alias.
     */
    private record Written(Node last, int column) {

        static Written of(SequenceNode seq) {
            List<Node> items = seq.getValue();
            int end = seq.getStartMark().getIndex();
            int column = -1;
            boolean lastIsAlias = false;
            for (Node item : items) {
                lastIsAlias = item.getStartMark().getIndex() < end;
                if (!lastIsAlias) {
                    column = column < 0 ? item.getStartMark().getColumn() : column;
                    end = Math.max(end, item.getEndMark().getIndex());
                }
            }
            // with aliases alone, an item's content after its dash and one blank, as the editor writes one
            return new Written(lastIsAlias ? seq : items.get(items.size() - 1),
                    column >= 0 ? column : seq.getStartMark().getColumn() + 2);
        }
    }
}
