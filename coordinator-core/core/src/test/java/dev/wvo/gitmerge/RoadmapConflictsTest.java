package dev.wvo.gitmerge;

import dev.wvo.gitmerge.RoadmapConflict.Side;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoadmapConflictsTest {

    private static final Path FILE = Path.of("state/roadmap.yaml");

    private static final String TASKS = """
            version: 2
            tasks:
              - id: a
                title: Ours
                status: pending
              - id: b
                title: Kept
            """;

    private static final String WITH_CONFLICTS = TASKS + """
            conflicts:
              - task: a
                field: title
                ours: Ours
                theirs: Theirs
              - task: b
                field: (task)
                ours: changed
                theirs: deleted
            """;

    @Test
    void listsTheRecordedConflictsAndTheRoadmapStillLoads() {
        Roadmap roadmap = RoadmapReader.parse(FILE, WITH_CONFLICTS);

        assertThat(roadmap.tasks()).hasSize(2);
        assertThat(RoadmapConflicts.list(roadmap)).containsExactly(
                new RoadmapConflict("a", "title", "Ours", "Theirs"),
                new RoadmapConflict("b", RoadmapConflict.WHOLE_TASK, RoadmapConflict.CHANGED, RoadmapConflict.DELETED));
    }

    @Test
    void takingTheirsSetsTheValueAndRemovesOnlyThatEntry() {
        String text = RoadmapConflicts.resolve(RoadmapReader.parse(FILE, WITH_CONFLICTS), "a", "title", Side.THEIRS);

        Roadmap after = RoadmapReader.parse(FILE, text);
        assertThat(after.task("a").orElseThrow().title()).isEqualTo("Theirs");
        assertThat(RoadmapConflicts.list(after)).extracting(RoadmapConflict::task).containsExactly("b");
        assertThat(text).startsWith(TASKS.replace("title: Ours", "title: Theirs"));
    }

    @Test
    void aValueOfOnesOwnSettlesTooAndTheLastSettledEntryRemovesTheList() {
        Roadmap roadmap = RoadmapReader.parse(FILE, WITH_CONFLICTS);
        String first = RoadmapConflicts.resolve(roadmap, "a", "title", "Both");
        String second = RoadmapConflicts.resolve(RoadmapReader.parse(FILE, first), "b", RoadmapConflict.WHOLE_TASK,
                Side.OURS);

        assertThat(second).isEqualTo(TASKS.replace("title: Ours", "title: Both"));
    }

    @Test
    void takingTheDeletingSideDeletesTheTask() {
        String text = RoadmapConflicts.resolve(RoadmapReader.parse(FILE, WITH_CONFLICTS), "b",
                RoadmapConflict.WHOLE_TASK, Side.THEIRS);

        Roadmap after = RoadmapReader.parse(FILE, text);
        assertThat(after.task("b")).isEmpty();
        assertThat(RoadmapConflicts.list(after)).hasSize(1);
    }

    @Test
    void aConflictThatIsNotRecordedIsRefusedNamingTheRecordedOnes() {
        assertThatThrownBy(() -> RoadmapConflicts.resolve(RoadmapReader.parse(FILE, WITH_CONFLICTS), "a", "status",
                Side.OURS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No conflict recorded for task a, field status")
                .hasMessageContaining("a title; b (task)");
    }

    @Test
    void aTagWvoDoesNotKnowElsewhereInTheFileDoesNotHideTheConflicts() {
        String tagged = WITH_CONFLICTS.replace("title: Kept", "title: Kept\n    extra: !custom {a: 1}") + "after: 1\n";

        assertThat(RoadmapConflicts.list(RoadmapReader.parse(FILE, tagged))).hasSize(2);
    }

    @Test
    void aRoadmapWithoutConflictsListsNone() {
        assertThat(RoadmapConflicts.list(RoadmapReader.parse(FILE, TASKS))).isEqualTo(List.of());
    }
}
