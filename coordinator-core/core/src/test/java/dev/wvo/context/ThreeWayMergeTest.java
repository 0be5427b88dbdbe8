package dev.wvo.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThreeWayMergeTest {

    private static final String BASE = "## Current Focus\nline 1\nline 2\nline 3\nline 4\nline 5\n\n"
            + "## Next Actions\n1. a\n2. b\n";

    private final ContextMerger merger = new ContextMerger(ContextMergeConfig.defaults());

    @Test
    void nonOverlappingEditsInOneSection_bothSurvive() {
        String current = BASE.replace("line 1", "line 1 by worker-0");
        String edited = BASE.replace("line 5", "line 5 by worker-1");

        MergeResult result = merger.mergeUpdate(BASE, current, edited);

        assertThat(result.hasConflicts()).isFalse();
        assertThat(result.text()).contains("line 1 by worker-0", "line 5 by worker-1");
    }

    @Test
    void editsInDifferentSections_bothSurvive() {
        String current = BASE.replace("line 3", "focus changed");
        String edited = BASE.replace("2. b", "2. b\n3. c");

        MergeResult result = merger.mergeUpdate(BASE, current, edited);

        assertThat(result.hasConflicts()).isFalse();
        assertThat(result.text()).isEqualTo("## Current Focus\nline 1\nline 2\nfocus changed\nline 4\nline 5\n\n"
                + "## Next Actions\n1. a\n2. b\n3. c\n");
    }

    @Test
    void overlappingEdits_keepMarkersInsideThatSectionOnly_andAreReported() {
        String current = BASE.replace("line 3", "line 3 by worker-0").replace("2. b", "2. b!");
        String edited = BASE.replace("line 3", "line 3 by worker-1");

        MergeResult result = merger.mergeUpdate(BASE, current, edited);

        assertThat(result.conflictedSections()).containsExactly("Current Focus");
        assertThat(result.text()).isEqualTo("## Current Focus\nline 1\nline 2\n"
                + "<<<<<<< current\nline 3 by worker-0\n=======\nline 3 by worker-1\n>>>>>>> update\n"
                + "line 4\nline 5\n\n## Next Actions\n1. a\n2. b!\n");
    }

    @Test
    void sectionAddedByTheUpdate_goesAfterTheSectionBeforeItInTheUpdate() {
        String edited = BASE.replace("## Next Actions", "## Blockers\nnone\n\n## Next Actions");
        String current = "## Intro\nhi\n\n" + BASE;

        MergeResult result = merger.mergeUpdate(BASE, current, edited);

        assertThat(merger.parse(result.text()).headings())
                .containsExactly("Intro", "Current Focus", "Blockers", "Next Actions");
    }

    @Test
    void sectionDeletedOnOneSide_andUnchangedOnTheOther_isDeleted() {
        String edited = "## Current Focus\nline 1\nline 2\nline 3\nline 4\nline 5\n";

        MergeResult result = merger.mergeUpdate(BASE, BASE, edited);

        assertThat(result.text()).isEqualTo(edited);
    }

    @Test
    void sectionDeletedOnOneSide_andChangedOnTheOther_isAConflict() {
        String current = BASE.replace("2. b", "2. b changed");
        String edited = "## Current Focus\nline 1\nline 2\nline 3\nline 4\nline 5\n";

        MergeResult result = merger.mergeUpdate(BASE, current, edited);

        assertThat(result.conflictedSections()).containsExactly("Next Actions");
        assertThat(result.text()).contains("<<<<<<< current", "2. b changed", ">>>>>>> update");
    }

    @Test
    void twoWayMerge_identicalSectionsCollapse_differingOnesConflict_newOnesFollowTheirPredecessor() {
        NamedDocument a = new NamedDocument("a.md", "## Shared\nsame\n\n## Focus\nA's focus\n\n## Only A\na\n");
        NamedDocument b = new NamedDocument("b.md", "## Shared\nsame\n\n## Focus\nB's focus\n\n## Only B\nb\n");

        MergeResult result = merger.merge(Optional.empty(), List.of(a, b));

        assertThat(result.conflictedSections()).containsExactly("Focus");
        assertThat(result.text()).isEqualTo("## Shared\nsame\n\n"
                + "## Focus\n<<<<<<< a.md\nA's focus\n=======\nB's focus\n>>>>>>> b.md\n\n"
                + "## Only B\nb\n\n## Only A\na\n");
    }

    @Test
    void mergeWithABase_appliesEachDocumentsChangesInTurn() {
        NamedDocument base = new NamedDocument("base", BASE);
        NamedDocument a = new NamedDocument("a", BASE.replace("line 1", "A1"));
        NamedDocument b = new NamedDocument("b", BASE.replace("line 3", "B3"));
        NamedDocument c = new NamedDocument("c", BASE.replace("1. a", "1. C"));

        MergeResult result = merger.merge(Optional.of(base), List.of(a, b, c));

        assertThat(result.hasConflicts()).isFalse();
        assertThat(result.text()).contains("A1", "B3", "1. C");
    }

    @Test
    void mergingAMergeResultAgain_changesNothing() {
        String current = BASE.replace("line 3", "x");
        String edited = BASE.replace("line 3", "y");
        MergeResult first = merger.mergeUpdate(BASE, current, edited);

        assertThat(merger.mergeUpdate(first.text(), first.text(), first.text()).text()).isEqualTo(first.text());
        assertThat(merger.merge(Optional.empty(), List.of(new NamedDocument("r", first.text()),
                new NamedDocument("r", first.text()))).text()).isEqualTo(first.text());
    }

    @Test
    void preambleConflicts_areReportedUnderTheirOwnName() {
        MergeResult result = merger.mergeUpdate("intro\n", "intro A\n", "intro B\n");

        assertThat(result.conflictedSections()).containsExactly(MergeResult.PREAMBLE);
    }
}
