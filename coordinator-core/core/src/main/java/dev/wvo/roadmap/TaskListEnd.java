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
            Node last = lastWritten(seq);
            // a comment left of the list's dashes heads what follows the list: new tasks go above it
            int end = TaskMarks.textEnd(text, cps.charIndex(last.getEndMark().getIndex()), TaskMarks.flagsOf(last),
                    seq.getStartMark().getColumn());
            return new TaskListEnd(Kind.APPEND, end, end, seq.getValue().get(0).getStartMark().getColumn(), List.of());
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
     * The node whose end is the end of a block list's last item in the text: that item, or the list
     * when the item is an alias ({@code - *name}), which is given its anchor's node and marks
     * (a task added after them went into the list where the anchor stands). An item that starts
     * before an earlier one ends is such an alias.
     */
    private static Node lastWritten(SequenceNode seq) {
        List<Node> items = seq.getValue();
        int end = seq.getStartMark().getIndex();
        for (int i = 0; i < items.size() - 1; i++) {
            end = Math.max(end, items.get(i).getEndMark().getIndex());
        }
        Node last = items.get(items.size() - 1);
        return last.getStartMark().getIndex() < end ? seq : last;
    }
}
