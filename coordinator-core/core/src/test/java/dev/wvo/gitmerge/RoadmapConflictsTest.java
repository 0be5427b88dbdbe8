package dev.wvo.gitmerge;

import dev.wvo.gitmerge.RoadmapConflict.Side;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapCache;
import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
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

    /** A roadmap the cache kept has its text as bytes and its top-level values: they say whether it has conflicts. */
    @Test
    void aRoadmapTheCacheKept_listsItsConflicts(@TempDir Path dir) throws Exception {
        StringBuilder big = new StringBuilder(TASKS);
        for (int i = 0; big.length() < RoadmapCache.WORTH_KEEPING; i++) {
            big.append("  - id: more").append(i).append("\n    title: Another task to keep the roadmap worth keeping\n");
        }
        Path file = dir.resolve("roadmap.yaml");
        for (String text : List.of(big + WITH_CONFLICTS.substring(TASKS.length()), big.toString())) {
            Files.writeString(file, text);
            RoadmapCache cache = new RoadmapCache(file, dir.resolve("roadmap.cache"));
            cache.read(); // parsed whole, and kept
            Roadmap kept = cache.read();

            assertThat(RoadmapConflicts.list(kept)).isEqualTo(RoadmapConflicts.list(RoadmapReader.parse(file, text)));
            assertThat(kept.text()).isEqualTo(text);
        }
        assertThat(RoadmapConflicts.list(RoadmapReader.parse(file, big + WITH_CONFLICTS.substring(TASKS.length())))).hasSize(2);
    }

    @Test
    void aRoadmapWithoutConflictsListsNone() {
        assertThat(RoadmapConflicts.list(RoadmapReader.parse(FILE, TASKS))).isEqualTo(List.of());
    }
}
