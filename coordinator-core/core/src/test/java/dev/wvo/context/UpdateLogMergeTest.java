package dev.wvo.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateLogMergeTest {

    private final ContextMerger merger = new ContextMerger(ContextMergeConfig.defaults());

    @Test
    void timestamps_areReadInEveryShapeSeenInTheFixtures() {
        assertThat(EntryTimestamp.parse("- 2025-11-19: drafted")).contains(Instant.parse("2025-11-19T00:00:00Z"));
        assertThat(EntryTimestamp.parse("- 2025-10-19T22:30Z: stories")).contains(Instant.parse("2025-10-19T22:30:00Z"));
        assertThat(EntryTimestamp.parse("- [2025-10-22T19:24:11.000Z] **Started**"))
                .contains(Instant.parse("2025-10-22T19:24:11Z"));
        assertThat(EntryTimestamp.parse("**2025-10-22: Fixed Autopilot Roadmap Sync Issue**"))
                .contains(Instant.parse("2025-10-22T00:00:00Z"));
        assertThat(EntryTimestamp.parse("### 2031-01-02T03:04:05+02:00 later"))
                .contains(Instant.parse("2031-01-02T01:04:05Z"));
        assertThat(EntryTimestamp.parse("- 1999-12-31 14:00 space separated")).contains(Instant.parse("1999-12-31T14:00:00Z"));
    }

    @Test
    void textThatOnlyLooksLikeATimestamp_isNone() {
        assertThat(EntryTimestamp.parse("- Follow-ups scheduled: AFP-2025")).isEmpty();
        assertThat(EntryTimestamp.parse("## Task Status Verification (2025-10-22T20:XX:XX)")).isEmpty();
        assertThat(EntryTimestamp.parse("- 2025-10-22T20:XX: nope")).isEmpty();
        assertThat(EntryTimestamp.parse("- 2025-13-45: no such day")).isEmpty();
        assertThat(EntryTimestamp.parse("_Trimmed for token efficiency_")).isEmpty();
    }

    @Test
    void entries_sortNewestFirstAcrossShapes_keepingContinuationLines() {
        String text = merger.parse("## Recent Updates\n"
                + "- 2025-10-19T02:36Z: b\n"
                + "- [2025-10-22T18:18:20.313Z] **Completed** E4\n"
                + "  Output: Added the missing early milestone tasks\n"
                + "- 2025-10-19T03:01Z: c\n"
                + "- 2025-10-20: d\n").render();

        assertThat(text).isEqualTo("## Recent Updates\n"
                + "- [2025-10-22T18:18:20.313Z] **Completed** E4\n"
                + "  Output: Added the missing early milestone tasks\n"
                + "- 2025-10-20: d\n"
                + "- 2025-10-19T03:01Z: c\n"
                + "- 2025-10-19T02:36Z: b\n");
    }

    @Test
    void entriesWithTheSameTimestamp_keepTheOrderInWhichTheyWereWritten() {
        String text = merger.parse("## Latest Update\n- 2025-11-06: second\n- 2025-11-19: newest\n"
                + "- 2025-11-06: first\n").render();

        assertThat(text).isEqualTo("## Latest Update\n- 2025-11-19: newest\n- 2025-11-06: second\n"
                + "- 2025-11-06: first\n");
    }

    @Test
    void notes_stayOnTopIfLeading_andNextToTheEntryBeforeThemOtherwise() {
        String text = merger.parse("## Recent Updates\n"
                + "_Trimmed; full history in backups._\n\n"
                + "- 2025-11-06: older\n"
                + "- Follow-ups scheduled: Q and R\n"
                + "  - sub note\n"
                + "- 2025-11-19: newer\n").render();

        assertThat(text).isEqualTo("## Recent Updates\n"
                + "_Trimmed; full history in backups._\n\n"
                + "- 2025-11-19: newer\n"
                + "- 2025-11-06: older\n"
                + "- Follow-ups scheduled: Q and R\n"
                + "  - sub note\n");
    }

    @Test
    void theCap_keepsTheNewestFiftyEntries_andNeverDropsNotes() {
        List<String> lines = new ArrayList<>(List.of("## Recent Activity"));
        for (int minute = 60; minute >= 1; minute--) {
            lines.add(String.format("- 2025-01-01T00:%02dZ: entry %d", minute - 1, minute));
        }
        // Anchored to the oldest entry, which the cap drops: the note stays, at the end.
        lines.add("_trimmed note_");

        ContextDocument doc = merger.parse(String.join("\n", lines));
        List<String> body = doc.section("Recent Activity").orElseThrow().body();

        List<String> entries = body.stream().filter(l -> l.startsWith("- ")).toList();
        assertThat(entries).hasSize(50);
        assertThat(entries.get(0)).endsWith("entry 60");
        assertThat(entries.get(49)).endsWith("entry 11");
        assertThat(body.get(body.size() - 1)).isEqualTo("_trimmed note_");
    }

    @Test
    void theCap_isConfigurable() {
        ContextMerger small = new ContextMerger(ContextMergeConfig.defaults().withMaxEntries(2));

        String text = small.parse("## Recent Activity\n- 2025-01-01: a\n- 2025-01-03: c\n- 2025-01-02: b\n").render();

        assertThat(text).isEqualTo("## Recent Activity\n- 2025-01-03: c\n- 2025-01-02: b\n");
    }

    @Test
    void twoWayMerge_unitesEntriesWithoutRepeats() {
        NamedDocument a = new NamedDocument("a", "## Recent Activity\n- 2025-01-01: one\n- 2025-01-03: three\n");
        NamedDocument b = new NamedDocument("b", "## Recent Activity\n- 2025-01-02: two\n- 2025-01-01: one\n");

        MergeResult result = merger.merge(Optional.empty(), List.of(a, b));

        assertThat(result.hasConflicts()).isFalse();
        assertThat(result.text()).isEqualTo(
                "## Recent Activity\n- 2025-01-03: three\n- 2025-01-02: two\n- 2025-01-01: one\n");
    }

    @Test
    void threeWayMerge_honoursEntriesRemovedByEitherSide() {
        String base = "## Recent Activity\n- 2025-01-02: two\n- 2025-01-01: one\n";
        String current = "## Recent Activity\n- 2025-01-03: three\n- 2025-01-02: two\n- 2025-01-01: one\n";
        String edited = "## Recent Activity\n- 2025-01-04: four\n- 2025-01-02: two\n";

        MergeResult result = merger.mergeUpdate(base, current, edited);

        assertThat(result.text()).isEqualTo(
                "## Recent Activity\n- 2025-01-04: four\n- 2025-01-03: three\n- 2025-01-02: two\n");
    }

    @Test
    void addEntry_stampsTheEntryAndPutsItFirst_indentingLaterLines() {
        MergeResult result = merger.addEntry("## Current Focus\nx\n\n## Recent Activity\n- 2025-01-01: old\n",
                "recent activity", "did it\nwith detail", Instant.parse("2026-11-22T23:30:11.456Z"));

        assertThat(result.text()).isEqualTo("## Current Focus\nx\n\n## Recent Activity\n"
                + "- [2026-11-22T23:30:11Z] did it\n  with detail\n- 2025-01-01: old\n");
    }

    @Test
    void addEntry_createsAMissingLogSectionAtTheTop() {
        MergeResult result = merger.addEntry("intro\n\n## Current Focus\nx\n", "Latest Update", "hello",
                Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(result.text()).isEqualTo("intro\n\n## Latest Update\n- [2026-01-01T00:00:00Z] hello\n\n"
                + "## Current Focus\nx\n");
    }

    @Test
    void addEntry_refusesASectionThatIsNotAnUpdateLog() {
        assertThatThrownBy(
                        () -> merger.addEntry("", "Current Focus", "x", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Current Focus' is not an update-log section");
    }
}
