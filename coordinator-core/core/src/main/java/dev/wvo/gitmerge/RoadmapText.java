package dev.wvo.gitmerge;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The two text edits a roadmap merge needs that {@link dev.wvo.roadmap.RoadmapEditor} does not
 * make: cutting a whole task out of its list, and replacing the top-level {@code conflicts:}
 * block. Like the editor, each touches only the lines it is about.
 */
final class RoadmapText {

    private RoadmapText() {
    }

    /** The text without the first task with this id (its list item's lines); unchanged if there is none. */
    static String removeTask(String text, String id) {
        MappingNode root = compose(text);
        if (root == null) {
            return text;
        }
        for (SequenceNode list : taskLists(root)) {
            List<Node> items = list.getValue();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof MappingNode task && id.equals(scalar(value(task, "id")))) {
                    int start = lineStart(text, chars(text, task.getStartMark().getIndex()));
                    int end = i + 1 < items.size()
                            ? lineStart(text, chars(text, items.get(i + 1).getStartMark().getIndex()))
                            : lineEnd(text, contentEnd(text, chars(text, task.getEndMark().getIndex())));
                    return text.substring(0, start) + text.substring(end);
                }
            }
        }
        return text;
    }

    /**
     * The text with its top-level {@code conflicts:} block replaced by these entries (in place if
     * there was one, else at the end), or removed when there are none.
     */
    static String withConflicts(String text, List<RoadmapConflict> conflicts) {
        String block = conflicts.isEmpty() ? "" : dump(conflicts);
        MappingNode root = compose(text);
        List<NodeTuple> tuples = root == null ? List.of() : root.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(RoadmapConflicts.KEY)) {
                int start = lineStart(text, chars(text, k.getStartMark().getIndex()));
                int end = i + 1 < tuples.size()
                        ? lineStart(text, chars(text, tuples.get(i + 1).getKeyNode().getStartMark().getIndex()))
                        : text.length();
                return text.substring(0, start) + block + text.substring(end);
            }
        }
        if (block.isEmpty()) {
            return text;
        }
        return text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + block;
    }

    /**
     * The text of the top-level {@code conflicts:} entry alone, a YAML document of its own; empty
     * if there is none. Only this part is built into objects, so tags elsewhere in the file do not matter.
     */
    static Optional<String> conflictsBlock(String text) {
        MappingNode root = compose(text);
        if (root != null) {
            for (NodeTuple t : root.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(RoadmapConflicts.KEY)) {
                    return Optional.of(text.substring(chars(text, k.getStartMark().getIndex()),
                            chars(text, t.getValueNode().getEndMark().getIndex())));
                }
            }
        }
        return Optional.empty();
    }

    private static String dump(List<RoadmapConflict> conflicts) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        options.setWidth(Integer.MAX_VALUE);
        List<Map<String, Object>> entries = new ArrayList<>();
        conflicts.forEach(c -> entries.add(c.toEntry()));
        return new Yaml(options).dump(Map.of(RoadmapConflicts.KEY, entries));
    }

    static MappingNode compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Integer.MAX_VALUE);
        Node node = new Yaml(options).compose(new StringReader(text));
        return node instanceof MappingNode map ? map : null;
    }

    /** The block task lists where the roadmap reader finds tasks. */
    private static List<SequenceNode> taskLists(MappingNode root) {
        List<SequenceNode> lists = new ArrayList<>();
        if (value(root, "epics") instanceof SequenceNode epics) {
            for (Node epic : epics.getValue()) {
                if (epic instanceof MappingNode e) {
                    addList(lists, value(e, "tasks"));
                    if (value(e, "milestones") instanceof SequenceNode milestones) {
                        milestones.getValue().forEach(m -> {
                            if (m instanceof MappingNode mm) {
                                addList(lists, value(mm, "tasks"));
                            }
                        });
                    }
                }
            }
        }
        addList(lists, value(root, "tasks"));
        return lists;
    }

    private static void addList(List<SequenceNode> lists, Node node) {
        if (node instanceof SequenceNode seq && seq.getFlowStyle() != DumperOptions.FlowStyle.FLOW) {
            lists.add(seq);
        }
    }

    private static Node value(MappingNode map, String key) {
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    /** SnakeYAML marks count code points; Java strings count chars. */
    private static int chars(String text, int codePoints) {
        return text.offsetByCodePoints(0, codePoints);
    }

    private static int lineStart(String text, int at) {
        return text.lastIndexOf('\n', at - 1) + 1;
    }

    /** Block nodes end where the next one starts: back up over the whitespace between. */
    private static int contentEnd(String text, int end) {
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    private static int lineEnd(String text, int at) {
        int newline = text.indexOf('\n', at);
        return newline < 0 ? text.length() : newline + 1;
    }
}
