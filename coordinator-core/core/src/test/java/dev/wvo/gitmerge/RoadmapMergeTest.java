package dev.wvo.gitmerge;

import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RoadmapMergeTest {

    private static final Path FILE = Path.of("state/roadmap.yaml");

    private static final String BASE = """
            version: 2
            # planned work
            tasks:
              - id: a
                title: First
                status: pending
                owner_note: keep me   # unknown field with a comment
              - id: b
                title: Second
                status: pending
                priority: 2
            """;

    @Test
    void changesToDifferentTasksBothLand() {
        String ours = BASE.replace("title: First", "title: First, renamed");
        String theirs = BASE.replace("priority: 2", "priority: 3");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.clean()).isTrue();
        assertThat(result.text()).isEqualTo(ours.replace("priority: 2", "priority: 3"));
    }

    @Test
    void differentFieldsOfOneTaskMerge() {
        String ours = BASE.replace("title: Second", "title: Second, renamed");
        String theirs = BASE.replace("priority: 2", "priority: 4");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.clean()).isTrue();
        RoadmapTask b = task(result.text(), "b");
        assertThat(b.fields()).containsEntry("title", "Second, renamed").containsEntry("priority", 4L);
        assertThat(result.text()).contains("owner_note: keep me   # unknown field with a comment", "# planned work");
    }

    @Test
    void sameFieldChangedDifferentlyIsRecordedAndTheFileStillLoads() {
        String ours = BASE.replace("title: First", "title: Ours");
        String theirs = BASE.replace("title: First", "title: Theirs");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.conflicts()).containsExactly(new RoadmapConflict("a", "title", "Ours", "Theirs"));
        Roadmap merged = RoadmapReader.parse(FILE, result.text());
        assertThat(merged.tasks()).extracting(RoadmapTask::id).containsExactly("a", "b");
        assertThat(task(result.text(), "a").title()).isEqualTo("Ours");
        assertThat(RoadmapConflicts.list(merged)).containsExactly(new RoadmapConflict("a", "title", "Ours", "Theirs"));
        assertThat(result.text()).startsWith(ours);
    }

    @Test
    void statusFurtherAlongWinsAndTakesItsBookkeepingWithIt() {
        String ours = BASE.replace("""
                    title: Second
                    status: pending
                """, """
                    title: Second
                    status: in_progress
                    claim:
                      worker: w1
                      claimed_at: '2026-11-22T10:00:00Z'
                      attempt: 1
                """);
        String theirs = BASE.replace("""
                    title: Second
                    status: pending
                """, """
                    title: Second
                    status: done
                    attempts: 1
                """);

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.clean()).isTrue();
        RoadmapTask b = task(result.text(), "b");
        assertThat(b.status()).isEqualTo("done");
        assertThat(b.fields()).containsEntry("attempts", 1L).doesNotContainKey("claim");
    }

    @Test
    void aLiveClaimBeatsPending() {
        String ours = BASE.replace("status: pending\n    owner_note", "status: blocked\n    owner_note");
        String theirs = BASE.replace("""
                    title: First
                    status: pending
                """, """
                    title: First
                    status: in_progress
                    claim:
                      worker: w2
                """);
        String base = BASE.replace("status: pending\n    owner_note", "status: failed\n    owner_note");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, base, ours.replace("blocked", "pending"), theirs);

        assertThat(result.clean()).isTrue();
        RoadmapTask a = task(result.text(), "a");
        assertThat(a.status()).isEqualTo("in_progress");
        assertThat(a.claim().worker()).isEqualTo("w2");
    }

    @Test
    void unknownStatusesOnBothSidesConflict() {
        String ours = BASE.replace("status: pending\n    owner_note", "status: needs_improvement\n    owner_note");
        String theirs = BASE.replace("status: pending\n    owner_note", "status: done\n    owner_note");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.conflicts()).containsExactly(new RoadmapConflict("a", "status", "needs_improvement", "done"));
    }

    @Test
    void newTasksFromBothSidesAreKeptOursFirst() {
        String ours = BASE + "  - id: c\n    title: Ours new\n";
        String theirs = BASE + "  - id: d\n    title: Theirs new\n    status: pending\n";

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.clean()).isTrue();
        assertThat(RoadmapReader.parse(FILE, result.text()).tasks()).extracting(RoadmapTask::id)
                .containsExactly("a", "b", "c", "d");
        assertThat(task(result.text(), "d").fields()).containsExactly(
                Map.entry("id", "d"), Map.entry("title", "Theirs new"), Map.entry("status", "pending"));
    }

    @Test
    void aTaskTheyDeletedAndWeLeftAloneIsDeleted() {
        String theirs = BASE.substring(0, BASE.indexOf("  - id: b"));
        String ours = BASE.replace("priority: 2", "priority: 2\n    note: ours");

        RoadmapMergeResult deletedOnTheirs = RoadmapMerge.merge(FILE, BASE, BASE.replace("title: First", "title: One"),
                theirs);

        assertThat(deletedOnTheirs.clean()).isTrue();
        assertThat(RoadmapReader.parse(FILE, deletedOnTheirs.text()).tasks()).extracting(RoadmapTask::id)
                .containsExactly("a");
        assertThat(task(deletedOnTheirs.text(), "a").title()).isEqualTo("One");

        RoadmapMergeResult changedOnOurs = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(changedOnOurs.conflicts()).containsExactly(new RoadmapConflict("b", RoadmapConflict.WHOLE_TASK,
                RoadmapConflict.CHANGED, RoadmapConflict.DELETED));
        assertThat(task(changedOnOurs.text(), "b").fields()).containsEntry("note", "ours");
    }

    @Test
    void aTaskWeDeletedAndTheyChangedComesBackAsAConflict() {
        String ours = BASE.substring(0, BASE.indexOf("  - id: b"));
        String theirs = BASE.replace("priority: 2", "priority: 5");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, ours, theirs);

        assertThat(result.conflicts()).containsExactly(new RoadmapConflict("b", RoadmapConflict.WHOLE_TASK,
                RoadmapConflict.DELETED, RoadmapConflict.CHANGED));
        assertThat(task(result.text(), "b").priority()).isEqualTo(5);
    }

    @Test
    void aNestedTaskTheyAddedLandsInTheTopLevelListNamingItsEpic() {
        String base = """
                epics:
                  - id: E1
                    title: Epic
                    milestones:
                      - id: M1
                        tasks:
                          - id: t1
                            status: pending
                """;
        String theirs = base + "          - id: t2\n            status: pending\n";
        String ours = base.replace("status: pending", "status: done");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, base, ours, theirs);

        assertThat(result.clean()).isTrue();
        Roadmap merged = RoadmapReader.parse(FILE, result.text());
        assertThat(merged.task("t1").orElseThrow().status()).isEqualTo("done");
        RoadmapTask t2 = merged.task("t2").orElseThrow();
        assertThat(t2.epic()).isEqualTo("E1");
        assertThat(t2.fields()).containsEntry("epic", "E1");
        assertThat(result.text()).startsWith(ours);
    }

    @Test
    void conflictsAlreadyRecordedOnEitherSideAreKeptAndSettledOnesDropped() {
        String recorded = BASE + "conflicts:\n  - task: a\n    field: title\n    ours: X\n    theirs: Y\n";
        String ours = BASE; // settled on our side
        String theirs = recorded.replace("priority: 2", "priority: 3");

        RoadmapMergeResult result = RoadmapMerge.merge(FILE, recorded, ours, theirs);

        assertThat(result.clean()).isTrue();
        assertThat(RoadmapConflicts.list(RoadmapReader.parse(FILE, result.text()))).isEmpty();
        assertThat(result.text()).isEqualTo(BASE.replace("priority: 2", "priority: 3"));
    }

    @Test
    void aFileNewOnBothSidesMergesAgainstNothing() {
        RoadmapMergeResult result = RoadmapMerge.merge(FILE, "", BASE, BASE.replace("priority: 2", "priority: 3"));

        assertThat(result.conflicts()).containsExactly(new RoadmapConflict("b", "priority", 2, 3));
    }

    @Test
    void mergingWithItselfChangesNothing() {
        RoadmapMergeResult result = RoadmapMerge.merge(FILE, BASE, BASE, BASE);

        assertThat(result.text()).isEqualTo(BASE);
        assertThat(result.conflicts()).isEqualTo(List.of());
    }

    private static RoadmapTask task(String text, String id) {
        return RoadmapReader.parse(FILE, text).task(id).orElseThrow();
    }
}
