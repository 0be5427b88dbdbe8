package dev.wvo.roadmap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.comments.CommentLine;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Composes a whole roadmap as SnakeYAML's {@link Composer} does, but turns each task of a block
 * task list into its values as soon as its mapping is composed ({@link ComposedTask}), so that
 * its nodes can go before the next task's are made. The lists are those {@link RoadmapReader}
 * reads tasks from: {@code tasks:} at the top, under {@code epics[]} and under
 * {@code epics[].milestones[]}.
 *
 * <p>Composing a 10,000-task roadmap whole kept every node and the two marks of each alive to
 * the end (each mark holds the reader's window of the text as code points): some 60 MB live for
 * 2 MB of YAML, which grew a worker's heap at its start and was never given back. Everything
 * else is as the plain composer makes it: the same events, anchors and aliases, the same errors at
 * the same marks. Once the document has used an anchor, tasks stay nodes as they are.
 */
final class TaskListComposer extends Composer {

    /** Where a collection stands on the way to a task list; anything off the way is {@code ELSEWHERE}. */
    private enum Place { ROOT, EPICS, EPIC, MILESTONES, MILESTONE, TASK_LIST, ELSEWHERE }

    /** A collection being composed; {@code tasks} when its direct items are tasks to hand on. */
    private record Open(Place place, boolean sequence, boolean tasks) {
    }

    private final Deque<Open> open = new ArrayDeque<>();
    /** The scalar key whose value is composed next, or null (a key is being composed, or is not a scalar). */
    private String key;
    private boolean anchored;
    private final String text;
    /** The text's char indexes of code points, made when the first task is read. */
    private CodePoints codePoints;

    TaskListComposer(String text) {
        this(text, RoadmapReader.loaderOptions());
    }

    private TaskListComposer(String text, LoaderOptions options) {
        super(RoadmapReader.parser(text, options), RoadmapReader.resolver(), options);
        this.text = text;
    }

    /** The text composed. */
    String text() {
        return text;
    }

    /** The composed text's char indexes of code points (its marks count code points). */
    CodePoints codePoints() {
        if (codePoints == null) {
            codePoints = CodePoints.of(text);
        }
        return codePoints;
    }

    /** Whether the document uses an anchor anywhere (then aliases elsewhere may share a node). */
    boolean anchored() {
        return anchored;
    }

    @Override
    protected Node composeScalarNode(String anchor, List<CommentLine> blockComments) {
        anchored |= anchor != null;
        return super.composeScalarNode(anchor, blockComments);
    }

    @Override
    protected Node composeSequenceNode(String anchor) {
        anchored |= anchor != null;
        Place place = placeOfNext();
        // a flow list `tasks: [...]` keeps its nodes: adding a task rewrites it from them (TaskListEnd)
        boolean block = !((SequenceStartEvent) parser.peekEvent()).isFlow();
        open.push(new Open(place, true, place == Place.TASK_LIST && block));
        Node node = super.composeSequenceNode(anchor);
        open.pop();
        return node;
    }

    @Override
    protected Node composeMappingNode(String anchor) {
        anchored |= anchor != null;
        Open parent = open.peek();
        boolean task = parent != null && parent.tasks();
        open.push(new Open(placeOfNext(), false, false));
        Node node = super.composeMappingNode(anchor);
        open.pop();
        // after an anchor, a task may be an alias's target, or hold one to itself: it stays a node,
        // read at the end as the plain composition's would be (anchors are rare in roadmaps)
        return task && !anchored ? ComposedTask.ofUnanchored((MappingNode) node, text, codePoints()) : node;
    }

    @Override
    protected Node composeKeyNode(MappingNode node) {
        key = null; // a key's own collections are never on the way to a task list
        Node composed = super.composeKeyNode(node);
        key = composed instanceof ScalarNode s ? s.getValue() : null;
        return composed;
    }

    /** The place of the collection about to be composed, from its parent's and its key. */
    private Place placeOfNext() {
        Open parent = open.peek();
        if (parent == null) {
            return Place.ROOT;
        }
        if (parent.sequence()) {
            return switch (parent.place()) {
                case EPICS -> Place.EPIC;
                case MILESTONES -> Place.MILESTONE;
                default -> Place.ELSEWHERE;
            };
        }
        if (key == null) {
            return Place.ELSEWHERE;
        }
        return switch (parent.place()) {
            case ROOT -> key.equals("tasks") ? Place.TASK_LIST : key.equals("epics") ? Place.EPICS : Place.ELSEWHERE;
            case EPIC -> key.equals("tasks") ? Place.TASK_LIST : key.equals("milestones") ? Place.MILESTONES : Place.ELSEWHERE;
            case MILESTONE -> key.equals("tasks") ? Place.TASK_LIST : Place.ELSEWHERE;
            default -> Place.ELSEWHERE;
        };
    }
}
