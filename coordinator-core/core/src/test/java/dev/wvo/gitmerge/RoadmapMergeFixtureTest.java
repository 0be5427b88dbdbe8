package dev.wvo.gitmerge;

import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The roadmap merge on the real roadmaps agents wrote, nested layout included. */
class RoadmapMergeFixtureTest {

    @ParameterizedTest
    @ValueSource(strings = {"roadmap-2025-10-11-449a9c97.yaml", "roadmap-2025-10-23-12d72bfa.yaml",
            "roadmap-2025-10-24-bc7f707b.yaml", "roadmap-2025-11-19-8d8e17e8.yaml"})
    void changesToDifferentTasksOfARealRoadmapMergeAndOnlyTheyDiffer(String name) throws Exception {
        Path file = Fixtures.weathervane().resolve(name);
        String base = Files.readString(file);
        Roadmap roadmap = RoadmapReader.parse(file, base);
        RoadmapTask first = roadmap.tasks().get(0);
        RoadmapTask last = roadmap.tasks().get(roadmap.tasks().size() - 1);
        String ours = new RoadmapEditor(roadmap).set(first, "status", "done").apply();
        String theirs = new RoadmapEditor(roadmap).set(last, "merge_note", "from theirs").apply();

        RoadmapMergeResult result = RoadmapMerge.merge(file, base, ours, theirs);

        assertThat(result.clean()).isTrue();
        Roadmap merged = RoadmapReader.parse(file, result.text());
        assertThat(merged.tasks()).hasSameSizeAs(roadmap.tasks());
        for (int i = 0; i < roadmap.tasks().size(); i++) {
            RoadmapTask before = roadmap.tasks().get(i);
            RoadmapTask after = merged.tasks().get(i);
            assertThat(after.id()).isEqualTo(before.id());
            if (i == 0) {
                assertThat(after.status()).isEqualTo("done");
            } else if (i == roadmap.tasks().size() - 1) {
                assertThat(after.fields()).containsEntry("merge_note", "from theirs");
            } else {
                assertThat(after.fields()).isEqualTo(before.fields());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"roadmap-2025-11-19-8d8e17e8.yaml"})
    void aTaskTheyAddedInsideANestedEpicJoinsTheTopLevelListWithItsEpic(String name) throws Exception {
        Path file = Fixtures.weathervane().resolve(name);
        String base = Files.readString(file);
        RoadmapTask nested = RoadmapReader.parse(file, base).tasks().get(0);
        String marker = "          - id: " + nested.id() + "\n";
        assertThat(base).contains(marker);
        String theirs = base.replace(marker, "          - id: NEW-NESTED\n            title: Added on theirs\n" + marker);

        RoadmapMergeResult result = RoadmapMerge.merge(file, base, base, theirs);

        assertThat(result.clean()).isTrue();
        RoadmapTask added = RoadmapReader.parse(file, result.text()).task("NEW-NESTED").orElseThrow();
        assertThat(added.epic()).isEqualTo(nested.epic()).isNotNull();
        assertThat(added.fields()).containsEntry("epic", nested.epic());
        assertThat(result.text()).startsWith(base);
    }
}
