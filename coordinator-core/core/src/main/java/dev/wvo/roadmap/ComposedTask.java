package dev.wvo.roadmap;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

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

    private ComposedTask(MappingNode map, Map<String, Object> fields, TaskMarks marks) {
        super(map.getTag(), true, List.of(), withoutText(map.getStartMark()), withoutText(map.getEndMark()), map.getFlowStyle());
        this.fields = fields;
        this.marks = marks;
    }

    /** The item {@code map}, read: the composer's for a task list it handed on, else made now. */
    static ComposedTask of(MappingNode map) {
        if (map instanceof ComposedTask composed) {
            return composed;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            fields.put(YamlValues.keyOf(t), YamlValues.valueOf(t.getValueNode()));
        }
        return new ComposedTask(map, fields, TaskMarks.of(map));
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
