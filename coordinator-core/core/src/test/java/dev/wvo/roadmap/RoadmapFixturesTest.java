package dev.wvo.roadmap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real roadmaps agents wrote on another project, read and edited as they are. */
class RoadmapFixturesTest {

    static final Path FIXTURES = dev.wvo.testing.Fixtures.weathervane();

    @TempDir
    Path dir;

    private Path copy(String name) throws Exception {
        Path target = dir.resolve(name);
        Files.copy(FIXTURES.resolve(name), target);
        return target;
    }

    @ParameterizedTest
    @ValueSource(strings = {"roadmap-2025-10-11-449a9c97.yaml", "roadmap-2025-10-23-12d72bfa.yaml",
            "roadmap-2025-10-24-bc7f707b.yaml", "roadmap-2025-11-19-8d8e17e8.yaml"})
    void everyFixture_loads_andAnUnchangedRewriteIsByteIdentical(String name) throws Exception {
        Path file = copy(name);
        byte[] before = Files.readAllBytes(file);
        Roadmap roadmap = RoadmapReader.read(file);
        assertThat(roadmap.layout()).isEqualTo(Layout.NESTED);
        assertThat(roadmap.tasks()).isNotEmpty();
        assertThat(new RoadmapEditor(roadmap).apply()).isEqualTo(roadmap.text());
        assertThat(Files.readAllBytes(file)).as("reading never writes").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"roadmap-2025-10-11-449a9c97.yaml", "roadmap-2025-10-24-bc7f707b.yaml",
            "roadmap-2025-11-19-8d8e17e8.yaml"})
    void changingOneTask_touchesOnlyThatTasksLines_andKeepsEveryOtherField(String name) throws Exception {
        Roadmap roadmap = RoadmapReader.read(copy(name));
        RoadmapTask target = roadmap.tasks().get(roadmap.tasks().size() / 2);
        String edited = new RoadmapEditor(roadmap)
                .set(target, "status", "in_progress")
                .set(target, "claim", Map.of("worker", "worker1"))
                .apply();
        Roadmap again = RoadmapReader.parse(roadmap.file(), edited);
        assertThat(again.tasks()).hasSameSizeAs(roadmap.tasks());
        for (int i = 0; i < roadmap.tasks().size(); i++) {
            RoadmapTask before = roadmap.tasks().get(i);
            RoadmapTask after = again.tasks().get(i);
            if (i == target.index()) {
                assertThat(after.status()).isEqualTo("in_progress");
                assertThat(after.claim().worker()).isEqualTo("worker1");
                assertThat(after.fields().keySet()).startsWith(before.fields().keySet().toArray(String[]::new));
            } else {
                assertThat(after.fields()).isEqualTo(before.fields());
            }
        }
        List<String> changedLines = changedLines(roadmap.text(), edited);
        int first = target.line();
        CodePoints cps = roadmap.codePoints();
        String span = roadmap.text().substring(cps.charIndex(target.base() + target.marks().start()),
                cps.charIndex(target.base() + target.marks().end()));
        int last = target.line() + (int) span.chars().filter(c -> c == '\n').count() + 1;
        assertThat(changedLines).allSatisfy(l -> assertThat(Integer.parseInt(l.split(":")[0])).isBetween(first, last));
    }

    @Test
    void the20251119Fixture_hasTopLevelAndNestedTasks_andFiveUnknownDependencies() throws Exception {
        Roadmap roadmap = RoadmapReader.read(copy("roadmap-2025-11-19-8d8e17e8.yaml"));
        assertThat(roadmap.tasks()).anyMatch(t -> t.epic() == null).anyMatch(t -> t.epic() != null);
        assertThat(roadmap.warnings().stream().filter(w -> w.message().startsWith("depends on unknown task"))).hasSize(5);
    }

    @Test
    void the20251011Fixture_repeatsT322_andBothEntriesAreFlagged() throws Exception {
        Roadmap roadmap = RoadmapReader.read(copy("roadmap-2025-10-11-449a9c97.yaml"));
        List<RoadmapTask> dups = roadmap.tasks().stream().filter(t -> "T3.2.2".equals(t.id())).toList();
        assertThat(dups).hasSize(2);
        dups.forEach(d -> assertThat(roadmap.problemsOf(d)).anyMatch(p -> p.startsWith("duplicate id T3.2.2")));
    }

    @Test
    void nestedTasks_inheritTheirEpic_andKnowNeedsImprovementIsNotRunnable() throws Exception {
        Roadmap roadmap = RoadmapReader.read(copy("roadmap-2025-10-11-449a9c97.yaml"));
        assertThat(roadmap.task("T1.1.1").orElseThrow().epic()).isEqualTo("E1");
        assertThat(roadmap.task("T1.1.1").orElseThrow().exitCriteria()).contains("critic: build");
    }

    static List<String> changedLines(String a, String b) {
        String[] x = a.split("\n", -1);
        String[] y = b.split("\n", -1);
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < x.length && i < y.length && x[i].equals(y[i])) {
            i++;
        }
        int j = 0;
        while (j < x.length - i && j < y.length - i && x[x.length - 1 - j].equals(y[y.length - 1 - j])) {
            j++;
        }
        for (int k = i; k < y.length - j; k++) {
            out.add((k + 1) + ": " + y[k]);
        }
        return out;
    }
}
