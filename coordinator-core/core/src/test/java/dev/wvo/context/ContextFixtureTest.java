package dev.wvo.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The merger against the real context files of a multi-agent project (copied, never edited in place). */
class ContextFixtureTest {

    /** Where the real files live; {@code -Dwvo.fixtures=DIR} points elsewhere. */
    private static final Path FIXTURES =
            dev.wvo.testing.Fixtures.weathervane();

    @TempDir
    static Path copies;

    private final ContextMerger merger = new ContextMerger(ContextMergeConfig.defaults());

    @BeforeAll
    static void copyFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("context-")).toList()) {
                Files.copy(file, copies.resolve(file.getFileName()));
            }
        }
    }

    static Stream<String> contextFixtures() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("context-")).sorted()
                    .toList().stream();
        }
    }

    private String fixture(String name) throws IOException {
        return Files.readString(copies.resolve(name));
    }

    @ParameterizedTest
    @MethodSource("contextFixtures")
    void everyFixture_isAFixedPointOnceCanonical(String name) throws IOException {
        String once = merger.parse(fixture(name)).render();

        assertThat(merger.parse(once).render()).isEqualTo(once);
        MergeResult again = merger.mergeUpdate(once, once, once);
        assertThat(again.text()).isEqualTo(once);
        assertThat(merger.merge(Optional.empty(), List.of(new NamedDocument("a", once), new NamedDocument("b", once)))
                .text()).isEqualTo(once);
    }

    @ParameterizedTest
    @MethodSource("contextFixtures")
    void everyFixture_keepsEveryHeadingAndEveryNonBlankLine(String name) throws IOException {
        String original = fixture(name);
        String canonical = merger.parse(original).render();

        for (String line : original.split("\n")) {
            if (!line.isBlank()) {
                assertThat(canonical).as("line of %s", name).contains(line.strip());
            }
        }
    }

    @Test
    void theTripleRecentActivity_collapsesIntoOneSectionWithAllThreeEntriesNewestFirst() throws IOException {
        ContextDocument doc = merger.parse(fixture("context-202510221324-ac781621.md"));

        assertThat(doc.headings()).containsOnlyOnce("Recent Activity");
        assertThat(doc.headings().get(0)).isEqualTo("Recent Activity");
        List<String> body = doc.section("Recent Activity").orElseThrow().body();
        assertThat(body).hasSize(4);
        assertThat(body.get(0)).startsWith("- [2025-10-22T18:18:20.373Z] **Started** T-MLR-0.3");
        assertThat(body.get(1)).startsWith("- [2025-10-22T18:18:20.313Z] **Completed** E4");
        assertThat(body.get(2)).startsWith("  Output: Added the missing early milestone tasks");
        assertThat(body.get(3)).startsWith("- [2025-10-22T18:16:16.673Z] **Started** T-MLR-0.1");
    }

    @Test
    void identicalTrimmedNotesInTheRepeatedSections_collapseToOne() throws IOException {
        ContextDocument doc = merger.parse(fixture("context-202510221602-18299547.md"));

        assertThat(doc.section("Recent Activity").orElseThrow().body()).hasSize(1)
                .allMatch(l -> l.startsWith("_Trimmed for token efficiency"));
    }

    @Test
    void twoLaterVersions_asConcurrentEditsOfAnEarlierOne_keepBothSidesWork() throws IOException {
        String base = fixture("context-202510221418-0c926a48.md");
        String worker0 = fixture("context-202510221424-94a47f8a.md");
        String worker1 = fixture("context-202510221451-4575dd48.md");

        MergeResult result = merger.mergeUpdate(base, worker0, worker1);
        ContextDocument merged = merger.parse(result.text());

        // worker-0 added the T9.2.1 report, worker-1 the T-MLR-2.6 report: both are there.
        assertThat(merged.headings()).contains(
                "T9.2.1: Strict Output DSL Validation (SAFE: validation layer only) — COMPLETE ✅",
                "T-MLR-2.6: Run Robustness Tests (Outliers, Missing Data, Edge Cases) — ✅ COMPLETE");
        assertThat(result.text()).contains("### Validation Constraints Implemented", "### Problem Diagnosed");
        assertThat(merged.headings()).containsOnlyOnce("Recent Activity");
        // Where both rewrote the same lines the section carries markers and is reported.
        for (String heading : result.conflictedSections()) {
            assertThat(merged.section(heading).orElseThrow().body()).contains("=======");
        }
        assertThat(merger.mergeUpdate(result.text(), result.text(), result.text()).text()).isEqualTo(result.text());
    }

    @Test
    void latestUpdate_keepsItsUntimestampedFollowUpNextToTheEntryBeforeIt() throws IOException {
        List<String> body = merger.parse(fixture("context-202511191631-8d8e17e8.md"))
                .section("Latest Update").orElseThrow().body();

        int followUps = indexOfPrefix(body, "- Follow-ups scheduled");
        assertThat(body.get(followUps - 1)).contains("AFP-MODULE-REMEDIATION-20251105-P3");
        assertThat(body.get(0)).startsWith("- 2025-11-19: AFP-AUTOPILOT-ARCH-20251119");
        assertThat(body.get(indexOfPrefix(body, "- 2025-11-06: AFP-PROCESS-TEST-SEQUENCE") + 1))
                .startsWith("  - Reviewer note");
    }

    @Test
    void recentUpdates_areSortedNewestFirst_andTheTrimmedNoteStaysLast() throws IOException {
        List<String> body = merger.parse(fixture("context-202510191315-f9495d8f.md"))
                .section("Recent Updates").orElseThrow().body();

        List<Instant> stamps = body.stream().map(EntryTimestamp::parse).flatMap(Optional::stream).toList();
        assertThat(stamps).hasSize(12).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(body.get(body.size() - 1)).startsWith("_Trimmed for token efficiency");
    }

    @Test
    void addingAnEntryToAFixture_putsItFirstAndKeepsEverythingElse() throws IOException {
        String original = merger.parse(fixture("context-202511191631-8d8e17e8.md")).render();

        MergeResult result = merger.addEntry(original, "Latest Update", "wvo took over",
                Instant.parse("2025-11-20T08:00:00Z"));

        List<String> body = merger.parse(result.text()).section("Latest Update").orElseThrow().body();
        assertThat(body.get(0)).isEqualTo("- [2025-11-20T08:00:00Z] wvo took over");
        assertThat(result.text().replace("- [2025-11-20T08:00:00Z] wvo took over\n", "")).isEqualTo(original);
    }

    private static int indexOfPrefix(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starts with " + prefix);
    }
}
