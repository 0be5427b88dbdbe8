package dev.wvo.roadmap;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

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

    /**
     * The item {@code map}, read: the composer's for a task list it handed on, else made now from
     * {@code text}, which it was composed from (its char indexes of code points in {@code cps}).
     */
    static ComposedTask of(MappingNode map, String text, CodePoints cps) {
        return map instanceof ComposedTask composed ? composed : read(map, true, text, cps);
    }

    /**
     * The item {@code map} of a document with no anchor up to its end, read as the composer hands
     * it on: none of its entries can define one, so their values are not walked for one (every
     * task of a whole parse, where anchors are rare).
     */
    static ComposedTask ofUnanchored(MappingNode map, String text, CodePoints cps) {
        return read(map, false, text, cps);
    }

    private static ComposedTask read(MappingNode map, boolean mayHoldAnchors, String text, CodePoints cps) {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<String> anchoredKeys = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String key = YamlValues.keyOf(t);
            fields.put(key, YamlValues.valueOf(t.getValueNode()));
            if (mayHoldAnchors && RoadmapReader.definesAnchor(t.getValueNode(), t.getKeyNode().getEndMark().getIndex())) {
                anchoredKeys.add(key);
            }
        }
        return new ComposedTask(map, fields, TaskMarks.of(map, text, cps), List.copyOf(anchoredKeys));
    }

    /** The keys of the entries whose values carry a YAML anchor, on them or inside them. */
    List<String> anchoredKeys() {
        return anchoredKeys;
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
