package dev.wvo.roadmap;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A task list's item as a mapping node without its entries: its values and where its entries
 * stand, made from the composed mapping, which can then go. It stands in the task list where the
 * mapping stood, with the mapping's start and end (line, column, index), which is all that the
 * reader and {@link TaskListEnd} ask of an item; its marks hold none of the text.
 */
final class ComposedTask extends MappingNode {

    private static final int[] NO_TEXT = new int[0];

    private final Map<String, Object> fields;
    private final TaskMarks marks;
    /** The keys of the entries whose values carry a YAML anchor (on them or inside them), in file order. */
    private final List<String> anchoredKeys;

    private ComposedTask(MappingNode map, Map<String, Object> fields, TaskMarks marks, List<String> anchoredKeys) {
        super(map.getTag(), true, List.of(), withoutText(map.getStartMark()), withoutText(map.getEndMark()), map.getFlowStyle());
        this.fields = fields;
        this.marks = marks;
        this.anchoredKeys = anchoredKeys;
    }

    /** The item {@code map}, read: the composer's for a task list it handed on, else made now. */
    static ComposedTask of(MappingNode map) {
        if (map instanceof ComposedTask composed) {
            return composed;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> anchoredKeys = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String key = YamlValues.keyOf(t);
            fields.put(key, YamlValues.valueOf(t.getValueNode()));
            if (definesAnchor(t.getValueNode(), t.getKeyNode().getEndMark().getIndex())) {
                anchoredKeys.add(key);
            }
        }
        return new ComposedTask(map, fields, TaskMarks.of(map), List.copyOf(anchoredKeys));
    }

    /** The keys of the entries whose values carry a YAML anchor, on them or inside them. */
    List<String> anchoredKeys() {
        return anchoredKeys;
    }

    /**
     * Whether {@code node}, a value written at {@code from} or after, defines an anchor, on it or
     * inside it. An alias is given its anchor's node, which stands before the alias: it defines
     * nothing here, and what it names is not looked into.
     */
    private static boolean definesAnchor(Node node, int from) {
        if (node.getStartMark().getIndex() < from) {
            return false;
        }
        if (node.getAnchor() != null) {
            return true;
        }
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (definesAnchor(t.getKeyNode(), from) || definesAnchor(t.getValueNode(), from)) {
                    return true;
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                if (definesAnchor(item, from)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every entry's value, in file order (a modifiable map of its own). */
    Map<String, Object> fields() {
        return fields;
    }

    TaskMarks marks() {
        return marks;
    }

    private static Mark withoutText(Mark mark) {
        return new Mark(mark.getName(), mark.getIndex(), mark.getLine(), mark.getColumn(), NO_TEXT, 0);
    }
}
