package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import dev.wvo.testing.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoadmapErrorsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "syntax: bad indentation | 'tasks:\\n  - id: A\\n     title: x\\n    status: done\\n' | 3 | 11",
        "syntax: unclosed quote  | 'tasks:\\n  - id: A\\n    title: \"open\\n' | 4 | 1",
        "shape: root is a list   | '- id: A\\n' | 1 | 1",
        "shape: tasks not a list | 'version: 2\\ntasks: 3\\n' | 2 | 8",
        "shape: no tasks or epics| 'title: hello\\n' | 1 | 1",
        "empty file              | '' | 1 | 1",
    })
    void unreadableFile_givesLineAndColumn_andLeavesFileUntouched(String kind, String text, int line, int column)
            throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, text.replace("\\n", "\n"));
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> RoadmapReader.read(file)).isInstanceOfSatisfying(RoadmapException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.column()).isEqualTo(column);
            assertThat(e.getMessage()).startsWith(file + ":" + line + ":" + column + ": ");
        });
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    /** A caller adds its own advice only to a message without one: none is said twice, none is missing. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "syntax           | 'tasks:\\n  - id: A\\n    title: \"open\\n' | true  | restore roadmap.yaml.bak",
        "a NUL byte       | 'tasks:\\n  - id: A<NUL>\\n'                 | true  | Restore it from roadmap.yaml.bak",
        "not UTF-8        | 'tasks: <C3>\\n'                             | true  | save the roadmap as UTF-8",
        "control char     | 'tasks:\\n  - id: A<BEL>\\n'                 | true  | remove it, or restore roadmap.yaml.bak",
        "empty file       | ''                                           | false | the file is empty",
        "tasks not a list | 'version: 2\\ntasks: 3\\n'                    | false | ",
    })
    void aMessageThatSaysWhatToDo_saysSo(String kind, String text, boolean advises, String said) throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        String bytes = text.replace("\\n", "\n").replace("<NUL>", "\u0000").replace("<BEL>", "\u0007").replace("<C3>", "\u00C3");
        Files.write(file, bytes.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)); // <C3>: a UTF-8 lead byte alone

        assertThatThrownBy(() -> RoadmapReader.read(file)).isInstanceOfSatisfying(RoadmapException.class, e -> {
            assertThat(e.saysWhatToDo()).as(e.getMessage()).isEqualTo(advises);
            if (said != null) {
                assertThat(e.getMessage()).contains(said);
            }
        });
    }

    @Test
    void truncatedFixture_pointsAtTheCut() throws Exception {
        String fixture = Files.readString(Fixtures.weathervane().resolve("roadmap-2025-10-11-449a9c97.yaml"));
        int cut = fixture.indexOf("exit_criteria:", 5000) + 4;
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, fixture.substring(0, cut));
        int lastLine = (int) fixture.substring(0, cut).lines().count();

        assertThatThrownBy(() -> RoadmapReader.read(file)).isInstanceOfSatisfying(RoadmapException.class,
                e -> assertThat(e.line()).isBetween(lastLine, lastLine + 1));
        assertThat(file).hasContent(fixture.substring(0, cut));
    }

    @Test
    void binaryGarbage_isReportedWhereItStarts() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        byte[] head = "tasks:\n  - id: A\n".getBytes();
        byte[] content = Arrays.copyOf(head, head.length + garbage.length);
        System.arraycopy(garbage, 0, content, head.length, garbage.length);
        Files.write(file, content);

        assertThatThrownBy(() -> RoadmapReader.read(file)).isInstanceOfSatisfying(RoadmapException.class, e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.column()).isEqualTo(1);
            assertThat(e.getMessage()).contains("0xFF", "roadmap.yaml.bak");
        });
        assertThat(Files.readAllBytes(file)).isEqualTo(content);
    }

    @Test
    void controlCharacters_areReportedWithPosition() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, "tasks:\n  - id: A\u0001\n");

        assertThatThrownBy(() -> RoadmapReader.read(file)).isInstanceOfSatisfying(RoadmapException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.column()).isEqualTo(10);
        });
        assertThat(file).hasContent("tasks:\n  - id: A\u0001\n");
    }

    /**
     * Unlike branch roadmap (which refused the file), main loads it: docs/state-format.md counts a
     * bad entry as a problem of that entry, a warning naming its line, not of the whole file.
     */
    /** A merge key is not applied: the task would run without its merged owns (no ownership locks), so it does not run. */
    @Test
    void aTaskWithAMergeKey_isNotRun_andTheWarningSaysWhy() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, "defaults: &d\n  owns: [src]\n  command: make\ntasks:\n  - id: A\n    <<: *d\n  - id: B\n");

        Roadmap roadmap = RoadmapReader.read(file);

        assertThat(roadmap.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(5);
            assertThat(w.message()).contains("merge key (<<)").contains("write them out");
        });
        assertThat(roadmap.states()).filteredOn(s -> s.id().equals("A")).singleElement()
                .satisfies(s -> assertThat(s.problems()).isNotEmpty());
        assertThat(roadmap.problemsOf(roadmap.task("B").orElseThrow())).isEmpty();
    }

    /**
     * An anchor that a worker's write would drop (on a field workers write, or anywhere in a task
     * written in flow style) keeps that task from running, with a warning; the tasks that use the
     * anchor, and an anchor on a field workers never write, run.
     */
    @Test
    void anAnchorThatAWorkersWriteWouldDrop_keepsItsTaskFromRunning_only() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, """
                tasks:
                  - id: A
                    status: &s pending
                  - id: B
                    status: *s
                    owns: &o [src/b]
                  - id: C
                    owns: *o
                    result: {summary: *s}
                  - {id: D, owns: [&d src/d]}
                """);

        Roadmap roadmap = RoadmapReader.read(file);

        assertThat(roadmap.warnings()).extracting(RoadmapWarning::taskId, RoadmapWarning::line)
                .containsExactly(tuple("A", 2), tuple("D", 10));
        assertThat(roadmap.warnings().get(0).message()).contains("`status` carries a YAML anchor")
                .contains("move the anchor out of the task");
        assertThat(roadmap.warnings().get(1).message()).contains("`owns`").contains("flow style");
    }

    /**
     * Keys the editor cannot place: an explicit key ({@code ? status}, whose replaced value made it a
     * mapping and lost the claim) and an alias as a key (whose marks are its anchor's: a claim cut
     * the text between the two). Their tasks do not run, with the reason; a non-scalar explicit
     * key, which no edit names, is no problem, nor is a key with a blank before its colon.
     */
    @Test
    void aKeyTheEditorCannotPlace_keepsItsTaskFromRunning_only() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, """
                tasks:
                  - id: A
                    ? status
                    : pending
                  - id: B
                    title: &k status
                  - id: C
                    *k : pending
                  - id: D
                    ? [x, y]
                    : pair
                    status : pending
                  - id: E
                    status: pending
                    title: agents add a second status rather than change the first
                    status: done
                """);

        Roadmap roadmap = RoadmapReader.read(file);

        assertThat(roadmap.warnings()).extracting(RoadmapWarning::taskId, RoadmapWarning::line)
                .containsExactly(tuple("A", 2), tuple("C", 7), tuple("E", 13));
        assertThat(roadmap.warnings()).extracting(RoadmapWarning::message).containsExactly(
                "its key `status` is written as an explicit key (`? status`, its `: value` apart), which wvo cannot edit "
                        + "in place; write it as `status: value`",
                "its key `status` is an alias (*name), which wvo cannot edit in place; write the key out",
                "its key `status` is written twice in the task (YAML reads the last), which wvo cannot edit in place; "
                        + "keep one");
        assertThat(roadmap.tasks()).extracting(t -> roadmap.problemsOf(t).isEmpty())
                .containsExactly(false, true, false, true, false);
    }

    /**
     * A task list's item that is an alias ({@code - *t}) is given its anchor's node: read as a task, it
     * was the same task twice, and a task added after it went in where the anchor stands. It is not
     * a task of its own, and the task it repeats does not run until the list says what it means.
     */
    @Test
    void anAliasAsATaskItem_isNotATask_andTheTaskItRepeatsDoesNotRun() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, "tasks:\n  - &t\n    id: A\n  - id: B\n  - *t\n");

        Roadmap roadmap = RoadmapReader.read(file);

        assertThat(roadmap.tasks()).extracting(RoadmapTask::id).containsExactly("A", "B");
        assertThat(roadmap.warnings()).singleElement().satisfies(w -> {
            assertThat(w.taskId()).isEqualTo("A");
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.message()).isEqualTo("a task list repeats this mapping with an alias (*name): the alias item is "
                    + "not read as a task, and a task it repeats does not run; write the task out once, in the list");
        });
        assertThat(roadmap.problemsOf(roadmap.tasks().get(1))).isEmpty();

        String added = new RoadmapEditor(roadmap).add(Map.of("id", "N")).apply();
        assertThat(added).isEqualTo("tasks:\n  - &t\n    id: A\n  - id: B\n  - *t\n  - id: \"N\"\n");
    }

    /** The same, with the anchor outside every task list, and the alias the list's first item. */
    @Test
    void anAliasItemOfAMappingOutsideTheLists_isNotATask_andATaskAddedGoesAfterTheList() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, "proto: &t {id: A, title: made elsewhere}\ntasks:\n  - *t\n  - id: B\n");

        Roadmap roadmap = RoadmapReader.read(file);

        assertThat(roadmap.tasks()).extracting(RoadmapTask::id).containsExactly("B");
        assertThat(roadmap.warnings()).extracting(RoadmapWarning::taskId, RoadmapWarning::line).containsExactly(tuple("A", 1));
        assertThat(new RoadmapEditor(roadmap).add(Map.of("id", "N")).apply())
                .isEqualTo("proto: &t {id: A, title: made elsewhere}\ntasks:\n  - *t\n  - id: B\n  - id: \"N\"\n");
    }

    @Test
    void taskThatIsNotAMapping_isIgnoredWithAWarningAtItsLine() throws Exception {
        Path file = dir.resolve("roadmap.yaml");
        Files.writeString(file, "tasks:\n  - A\n  - id: B\n");

        Roadmap roadmap = RoadmapReader.read(file);

        assertThat(roadmap.tasks()).extracting(RoadmapTask::id).containsExactly("B");
        assertThat(roadmap.warnings()).singleElement().satisfies(w -> {
            assertThat(w.line()).isEqualTo(2);
            assertThat(w.message()).contains("mapping");
        });
        assertThat(file).hasContent("tasks:\n  - A\n  - id: B\n");
    }
}
