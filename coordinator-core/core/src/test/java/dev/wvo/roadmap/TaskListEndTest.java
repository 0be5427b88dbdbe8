package dev.wvo.roadmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * New tasks land where the whole parse said the task list ends, now that a roadmap keeps that
 * place and its settings instead of the parsed document; a spliced roadmap finds them again.
 */
class TaskListEndTest {

    private static final Path FILE = Path.of("roadmap.yaml");

    @Test
    void aTaskAppendedToABlockList_goesAfterTheLastItem_beforeTheSettingsAfterIt() {
        String text = "version: 2\ntasks:\n  - id: A\n    note: |\n      two\n      lines\n\npipeline: [build]\n";
        assertThat(added(text)).isEqualTo("version: 2\ntasks:\n  - id: A\n    note: |\n      two\n      lines\n  - id: B\n\n"
                + "pipeline: [build]\n");
    }

    @Test
    void aFieldAddedToTheLastTask_staysWithIt_whenATaskIsAddedInTheSameEdit() {
        Roadmap roadmap = RoadmapReader.parse(FILE, "version: 2\ntasks:\n  - id: A\n    title: first\n");
        String edited = new RoadmapEditor(roadmap).set(roadmap.task("A").orElseThrow(), "note", "kept")
                .add(Map.of("id", "B")).apply();
        assertThat(edited).isEqualTo("version: 2\ntasks:\n  - id: A\n    title: first\n    note: kept\n  - id: B\n");
    }

    @Test
    void anEmptyOrFlowList_isRewrittenWithItsItems_andAMissingOneIsAddedAtTheEnd() {
        assertThat(added("epics: []\ntasks: []\n")).isEqualTo("epics: []\ntasks:\n  - id: B\n");
        assertThat(added("epics: []\ntasks: [{id: A}]  # flow\n")).isEqualTo("epics: []\ntasks:\n  - id: A\n  - id: B  # flow\n");
        assertThat(added("epics:\n  - id: E\n    tasks:\n      - id: A")).isEqualTo("epics:\n  - id: E\n    tasks:\n      - id: A\n"
                + "tasks:\n  - id: B\n");
    }

    @Test
    void settingsAreTheTopLevelValues_keptThroughASplice_andTheTaskListsAreReadFromTheText() {
        String text = "version: 2\npipeline: [build, review]\ntasks:\n  - id: A\n    status: pending\n  - id: C\n";
        Roadmap whole = RoadmapReader.parse(FILE, text);
        String edited = new RoadmapEditor(whole).set(whole.task("A").orElseThrow(), "status", "done").apply();
        Roadmap spliced = RoadmapSplice.apply(whole, edited, edited.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow();
        assertThat(spliced.setting("pipeline")).isEqualTo(List.of("build", "review"));
        assertThat(spliced.setting("nothing")).isNull();
        assertThat(spliced.setting("tasks")).isEqualTo(List.of(Map.of("id", "A", "status", "done"), Map.of("id", "C")));
        assertThat(new RoadmapEditor(spliced).add(Map.of("id", "B")).apply())
                .isEqualTo(new RoadmapEditor(RoadmapReader.parse(FILE, edited)).add(Map.of("id", "B")).apply())
                .endsWith("  - id: C\n  - id: B\n");
    }

    @Test
    void aCommentLeftOfTheList_headsWhatFollows_soNewTasksAndFieldsGoAboveIt() {
        String text = "version: 2\ntasks:\n  - id: A\n    owns:\n      - a.txt\n\n# later: epics\nepics:\n  - id: E\n";
        assertThat(added(text)).isEqualTo("version: 2\ntasks:\n  - id: A\n    owns:\n      - a.txt\n  - id: B\n\n"
                + "# later: epics\nepics:\n  - id: E\n");
        Roadmap roadmap = RoadmapReader.parse(FILE, text);
        assertThat(new RoadmapEditor(roadmap).set(roadmap.task("A").orElseThrow(), "attempts", 1).apply())
                .isEqualTo("version: 2\ntasks:\n  - id: A\n    owns:\n      - a.txt\n    attempts: 1\n\n"
                        + "# later: epics\nepics:\n  - id: E\n");
    }

    @Test
    void aValueReplacedOrRemoved_leavesTheCommentAfterItInPlace() {
        String text = "tasks:\n  - id: A\n    result:\n      outcome: failed\n  # - id: C, later\n# the end\n";
        Roadmap roadmap = RoadmapReader.parse(FILE, text);
        RoadmapTask a = roadmap.task("A").orElseThrow();
        assertThat(new RoadmapEditor(roadmap).set(a, "result", null).apply())
                .isEqualTo("tasks:\n  - id: A\n  # - id: C, later\n# the end\n");
        assertThat(new RoadmapEditor(roadmap).set(a, "result", Map.of("outcome", "done")).apply())
                .isEqualTo("tasks:\n  - id: A\n    result:\n      outcome: done\n  # - id: C, later\n# the end\n");
        String empty = "tasks:\n# none yet\nepics: []\n";
        assertThat(added(empty)).isEqualTo("tasks:\n  - id: B\n# none yet\nepics: []\n");
    }

    @Test
    void aCommentAtTheListsColumnOrInsideTheLastTask_staysWithTheList() {
        assertThat(added("tasks:\n  - id: A\n    owns:\n      - a\n      # - b\n  # - id: C\nepics: []\n"))
                .isEqualTo("tasks:\n  - id: A\n    owns:\n      - a\n      # - b\n  # - id: C\n  - id: B\nepics: []\n");
        assertThat(added("tasks:\n- id: A\n  owns:\n  - a\n# at the dashes\nepics: []\n"))
                .isEqualTo("tasks:\n- id: A\n  owns:\n  - a\n# at the dashes\n- id: B\nepics: []\n");
    }

    private static String added(String text) {
        return new RoadmapEditor(RoadmapReader.parse(FILE, text)).add(Map.of("id", "B")).apply();
    }
}
