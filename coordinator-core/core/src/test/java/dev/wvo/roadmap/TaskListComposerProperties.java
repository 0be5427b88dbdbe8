package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A roadmap read whole, whose tasks {@link TaskListComposer} turns into values one at a time, reads
 * as the document SnakeYAML's plain composer makes: the same tasks (values, lines, marks), the same
 * anchors, the same place for new tasks, and the same error for a text that is not YAML. Checked on
 * the splice properties' roadmaps under raw text changes of any kind (anchors and aliases included).
 */
class TaskListComposerProperties {

    private static final Path FILE = Path.of("roadmap.yaml");
    private final RoadmapSpliceProperties roadmaps = new RoadmapSpliceProperties();

    @Property(tries = 500)
    void anyText_readsAsThePlainComposition(@ForAll("roadmap") String text,
            @ForAll("changes") List<RoadmapSpliceProperties.TextChange> changes) {
        String changed = text;
        for (RoadmapSpliceProperties.TextChange change : changes) {
            changed = RoadmapSpliceProperties.change(changed, change);
        }
        MappingNode plain;
        try {
            plain = RoadmapReader.document(FILE, changed);
        } catch (RoadmapException e) {
            Statistics.collect("not a YAML mapping");
            String text2 = changed;
            assertThatThrownBy(() -> RoadmapReader.parse(FILE, text2)).isInstanceOf(RoadmapException.class)
                    .hasMessage(e.getMessage());
            return;
        }
        Roadmap read;
        try {
            read = RoadmapReader.parse(FILE, changed);
        } catch (RoadmapException e) {
            Statistics.collect("not a roadmap");
            return;
        }
        Statistics.collect(RoadmapReader.isAnchored(plain) ? "read, with anchors" : "read");
        assertSameTasks(read, plain, changed);
        assertThat(read.isAnchored()).isEqualTo(RoadmapReader.isAnchored(plain));
        assertThat(read.taskListEnd()).isEqualTo(TaskListEnd.of(plain, changed, CodePoints.of(changed)));
    }

    @Example
    void anchoredTasksAndAliases_readAsThePlainComposition() {
        String text = """
                defaults: &defaults
                  priority: 2
                tasks:
                  - &first
                    id: a
                    <<: *defaults
                  - id: b
                    owns: &owned [src/b]
                  - *first
                  - id: c
                    owns: *owned
                epics:
                  - id: E
                    tasks:
                      - id: E.1
                """;
        Roadmap read = RoadmapReader.parse(FILE, text);
        assertSameTasks(read, RoadmapReader.document(FILE, text), text);
        assertThat(read.isAnchored()).isTrue();
        assertThat(read.tasks()).extracting(RoadmapTask::id).containsExactly("a", "b", "c", "E.1");
        assertThat(read.warnings()).extracting(RoadmapWarning::line, RoadmapWarning::message).contains(
                org.assertj.core.groups.Tuple.tuple(4, "a task list repeats this mapping with an alias (*name): the alias "
                        + "item is not read as a task, and a task it repeats does not run; write the task out once, in the list"));
    }

    @Example
    void aTaskListInsideATask_isAValueOfThatTask() {
        String text = """
                tasks:
                  - id: a
                    tasks:
                      - id: not-a-task
                  - just a line
                  - title: no id
                epics:
                  - id: E
                    milestones:
                      - tasks:
                          - id: E.1
                            status: done
                """;
        Roadmap read = RoadmapReader.parse(FILE, text);
        assertSameTasks(read, RoadmapReader.document(FILE, text), text);
        assertThat(read.tasks()).extracting(RoadmapTask::id).containsExactly("a", "E.1");
        assertThat(read.tasks().get(0).fields().get("tasks")).isEqualTo(List.of(Map.of("id", "not-a-task")));
        assertThat(read.tasks().get(1).epic()).isEqualTo("E");
        assertThat(read.warnings()).extracting(RoadmapWarning::line).containsExactly(5, 6);
    }

    /** The tasks the plain document holds where the reader looks, in file order, against the read's. */
    private static void assertSameTasks(Roadmap read, MappingNode plain, String text) {
        List<MappingNode> expected = new ArrayList<>();
        taskItems(RoadmapReader.value(plain, "tasks"), expected);
        if (RoadmapReader.value(plain, "epics") instanceof SequenceNode epics) {
            for (Node epic : epics.getValue()) {
                if (epic instanceof MappingNode e) {
                    taskItems(RoadmapReader.value(e, "tasks"), expected);
                    if (RoadmapReader.value(e, "milestones") instanceof SequenceNode milestones) {
                        for (Node milestone : milestones.getValue()) {
                            if (milestone instanceof MappingNode m) {
                                taskItems(RoadmapReader.value(m, "tasks"), expected);
                            }
                        }
                    }
                }
            }
        }
        expected.removeIf(map -> {
            Object id = YamlValues.valueOf(map) instanceof Map<?, ?> fields ? fields.get("id") : null;
            return id == null || id.toString().isBlank();
        });
        expected.sort(Comparator.comparingInt(map -> map.getStartMark().getIndex()));
        assertThat(read.tasks()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            MappingNode map = expected.get(i);
            RoadmapTask task = read.tasks().get(i);
            assertThat(task.fields()).as("task %d", i).isEqualTo(YamlValues.valueOf(map));
            assertThat(task.line()).isEqualTo(map.getStartMark().getLine() + 1);
            assertThat(task.index()).isEqualTo(i);
            assertSameMarks(task.marks(), TaskMarks.of(map, text, CodePoints.of(text)));
        }
    }

    /** The mappings of a task list but its aliases (`- *name`): an item that starts before an earlier one ends. */
    private static void taskItems(Node list, List<MappingNode> into) {
        if (list instanceof SequenceNode seq) {
            int end = seq.getStartMark().getIndex();
            for (Node item : seq.getValue()) {
                if (item instanceof MappingNode map && map.getStartMark().getIndex() >= end) {
                    into.add(map);
                }
                end = Math.max(end, item.getEndMark().getIndex());
            }
        }
    }

    private static void assertSameMarks(TaskMarks read, TaskMarks plain) {
        assertThat(read.flow()).isEqualTo(plain.flow());
        assertThat(read.unplacedKey()).isEqualTo(plain.unplacedKey());
        assertThat(new int[] {read.start(), read.end(), read.startColumn(), read.keyColumn(), read.entries()})
                .containsExactly(plain.start(), plain.end(), plain.startColumn(), plain.keyColumn(), plain.entries());
        for (int e = 0; e < plain.entries(); e++) {
            assertThat(new int[] {read.keyStart(e), read.keyEnd(e), read.valueEnd(e), read.flags(e)})
                    .containsExactly(plain.keyStart(e), plain.keyEnd(e), plain.valueEnd(e), plain.flags(e));
        }
    }

    @Provide
    Arbitrary<String> roadmap() {
        return roadmaps.roadmap();
    }

    @Provide
    Arbitrary<List<RoadmapSpliceProperties.TextChange>> changes() {
        return roadmaps.changes();
    }
}
