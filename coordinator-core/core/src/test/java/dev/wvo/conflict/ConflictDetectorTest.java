package dev.wvo.conflict;

import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class ConflictDetectorTest {

    private static final AttemptId A = new AttemptId("T-1", 1);
    private static final AttemptId B = new AttemptId("T-2", 1);
    private static final AttemptId C = new AttemptId("T-3", 2);
    private static final String BASE = "one\ntwo\nthree\nfour\nfive\n";

    private final ConflictDetector detector = new ConflictDetector();

    @Test
    void pathsTouchedByOneAttemptOnly_areNotReported_andEveryShared_pathIs() throws Exception {
        List<ArtifactConflict> conflicts = detector.detect(List.of(
                attempt(A, changed("src/Only.java", "a\n"), changed("src/Shared.java", "x\n"), changed("docs/b.md", "1\n")),
                attempt(B, changed("src/Other.java", "b\n"), changed("src/Shared.java", "y\n"), changed("docs/b.md", "2\n"))));

        assertThat(conflicts).extracting(ArtifactConflict::path).containsExactly("docs/b.md", "src/Shared.java");
        assertThat(conflicts).allSatisfy(c -> assertThat(c.attempts()).containsExactly(A, B));
    }

    @Test
    void identicalVersions_needNothing() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("README.md", "same\n")), attempt(B, changed("README.md", "same\n")))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.NONE_NEEDED);
        assertThat(conflict.resolved()).isNull();
    }

    @Test
    void allDeleted_needsNothing_butDeletedAgainstChanged_isEscalated() throws Exception {
        List<ArtifactConflict> conflicts = detector.detect(List.of(
                attempt(A, ChangedFile.deleted("old.txt"), ChangedFile.deleted("gone.txt")),
                attempt(B, ChangedFile.deleted("old.txt"), changed("gone.txt", "kept\n"))));

        assertThat(conflicts).extracting(ArtifactConflict::path, ArtifactConflict::suggestion)
                .containsExactly(tuple("gone.txt", Resolution.ESCALATE),
                        tuple("old.txt", Resolution.NONE_NEEDED));
        assertThat(conflicts.get(0).detail()).isEqualTo("deleted by T-1#1 but changed by T-2#1");
    }

    @Test
    void oneVersionContainsTheOther_takesTheSuperset_whicheverAttemptItIs() throws Exception {
        String smaller = "a\nb\nd\n";
        String larger = "a\nb\nc\nd\ne\n";

        ArtifactConflict first = only(detector.detect(List.of(
                attempt(A, changed("notes.txt", larger)), attempt(B, changed("notes.txt", smaller)))));
        ArtifactConflict second = only(detector.detect(List.of(
                attempt(A, changed("notes.txt", smaller)), attempt(B, changed("notes.txt", larger)))));

        assertThat(first.suggestion()).isEqualTo(Resolution.TAKE_SUPERSET);
        assertThat(first.chosen()).isEqualTo(A);
        assertThat(text(first.resolved())).isEqualTo(larger);
        assertThat(second.chosen()).isEqualTo(B);
    }

    @Test
    void aVersionThatKeepsALineTheOtherDeleted_isNotASuperset_theChangesAreMerged() throws Exception {
        // B looks like a superset of A, but taking B would undo A's deletion of "two".
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("app.py", "one\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("app.py", BASE + "six\n", BASE)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
        assertThat(text(conflict.resolved())).isEqualTo("one\nthree\nfour\nfive\nsix\n");
    }

    @Test
    void bothReplacedTheSameLine_oneExtendingTheOther_takesTheExtension() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("app.py", "one\nTWO\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("app.py", "one\nTWO\nTWO-AND-A-HALF\nthree\nfour\nfive\n", BASE)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.TAKE_SUPERSET);
        assertThat(conflict.chosen()).isEqualTo(B);
    }

    @Test
    void changesThatDoNotOverlap_mergeThreeWay() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("src/main/App.java", "ONE\ntwo\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("src/main/App.java", "one\ntwo\nthree\nfour\nFIVE\n", BASE)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
        assertThat(text(conflict.resolved())).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE\n");
        assertThat(conflict.regions()).isEmpty();
    }

    @Test
    void overlappingChangesToSource_areEscalatedWithTheLineRanges() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("src/main/App.java", "one\nTWO-A\nTHREE-A\nfour\nfive\n", BASE)),
                attempt(B, changed("src/main/App.java", "one\nTWO-B\nthree\nfour\nfive\n", BASE)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        assertThat(conflict.needsEscalation()).isTrue();
        assertThat(conflict.resolved()).isNull();
        assertThat(conflict.regions()).singleElement().satisfies(region -> {
            assertThat(region.left()).isEqualTo(A);
            assertThat(region.right()).isEqualTo(B);
            assertThat(region.base()).isEqualTo(new LineRange(2, 2));
            assertThat(region.leftLines()).isEqualTo(new LineRange(2, 2));
            assertThat(region.rightLines()).isEqualTo(new LineRange(2, 2));
        });
        assertThat(conflict.detail()).contains("base lines 2-3: T-1#1 lines 2-3, T-2#1 lines 2-3");
        assertThat(conflict.toMap()).containsEntry("suggestion", "escalate")
                .containsEntry("attempts", List.of("T-1#1", "T-2#1"))
                .containsEntry("regions", List.of(Map.of("left", "T-1#1", "right", "T-2#1", "base", List.of(2, 2),
                        "leftLines", List.of(2, 2), "rightLines", List.of(2, 2))));
    }

    @Test
    void testFile_bothAddingAtTheSamePlace_isUnited() throws Exception {
        String base = "class AppTest {\n}\n";
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("src/test/java/AppTest.java", "class AppTest {\n  @Test void a() {}\n}\n", base)),
                attempt(B, changed("src/test/java/AppTest.java", "class AppTest {\n  @Test void b() {}\n}\n", base)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.UNION);
        assertThat(text(conflict.resolved())).isEqualTo("class AppTest {\n  @Test void a() {}\n  @Test void b() {}\n}\n");
    }

    @Test
    void sourceFile_bothAddingAtTheSamePlace_isEscalatedNotUnited() throws Exception {
        String base = "class App {\n}\n";
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("src/main/java/App.java", "class App {\n  void a() {}\n}\n", base)),
                attempt(B, changed("src/main/java/App.java", "class App {\n  void b() {}\n}\n", base)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        assertThat(conflict.regions()).singleElement().extracting(ConflictRegion::base).isEqualTo(new LineRange(2, 0));
    }

    @Test
    void testFile_withOverlappingEdits_isEscalatedNotUnited() throws Exception {
        String base = "def test_x():\n    assert f() == 1\n";
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("tests/test_app.py", "def test_x():\n    assert f() == 2\n", base)),
                attempt(B, changed("tests/test_app.py", "def test_x():\n    assert f() == 3\n", base)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
    }

    @Test
    void withoutABase_differentVersions_areEscalatedWithTheirDifferences() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("config.yml", "a: 1\nb: 2\n")), attempt(B, changed("config.yml", "a: 1\nb: 3\n")))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        assertThat(conflict.detail()).startsWith("no common base is known");
        assertThat(conflict.regions()).singleElement().satisfies(region -> {
            assertThat(region.base()).isNull();
            assertThat(region.leftLines()).isEqualTo(new LineRange(2, 1));
        });
    }

    @Test
    void attemptsFromDifferentBases_areNotMergedOverEitherBase() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("app.py", "ONE\ntwo\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("app.py", "one\ntwo\nthree\nfour\nFIVE\n", "one\ntwo\nthree\nfour\nfive\nsix\n")))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        assertThat(conflict.detail()).contains("started from different versions");
    }

    @Test
    void threeAttemptsOnOnePath_allNonOverlapping_mergeIntoOne() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("lib.go", "ONE\ntwo\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("lib.go", "one\ntwo\nTHREE\nfour\nfive\n", BASE)),
                attempt(C, changed("lib.go", "one\ntwo\nthree\nfour\nFIVE\n", BASE)))));

        assertThat(conflict.attempts()).containsExactly(A, B, C);
        assertThat(conflict.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
        assertThat(text(conflict.resolved())).isEqualTo("ONE\ntwo\nTHREE\nfour\nFIVE\n");
    }

    @Test
    void threeAttemptsOnOnePath_oneOverlapping_escalatesNamingTheClashingPairs() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("lib.go", "ONE\ntwo\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("lib.go", "one\ntwo\nthree\nfour\nFIVE\n", BASE)),
                attempt(C, changed("lib.go", "one-c\ntwo\nthree\nfour\nfive\n", BASE)))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        assertThat(conflict.regions()).extracting(ConflictRegion::left, ConflictRegion::right)
                .containsExactly(tuple(A, C));
    }

    @Test
    void differingBinaryContent_isEscalated() throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, ChangedFile.changed("logo.png", new byte[] {1, 0, 2})),
                attempt(B, ChangedFile.changed("logo.png", new byte[] {1, 0, 3})))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.ESCALATE);
        assertThat(conflict.detail()).startsWith("binary content differs");
    }

    @Test
    void baseLookup_isAskedWhenTheAttemptsGaveNoBase() throws Exception {
        ConflictDetector withBases = new ConflictDetector(path -> Optional.of(bytes(BASE)));

        ArtifactConflict conflict = only(withBases.detect(List.of(
                attempt(A, changed("app.py", "ONE\ntwo\nthree\nfour\nfive\n")),
                attempt(B, changed("app.py", "one\ntwo\nthree\nfour\nFIVE\n")))));

        assertThat(conflict.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
    }

    @Test
    void artifactsReadFromStateDirectories_areCompared(@TempDir Path state) throws Exception {
        Path a = Files.createDirectories(state.resolve("artifacts/T-1/1/src"));
        Path b = Files.createDirectories(state.resolve("artifacts/T-2/1/src"));
        Files.writeString(a.resolve("Shared.java"), "a\nb\n");
        Files.writeString(b.resolve("Shared.java"), "a\nb\nc\n");
        Files.writeString(b.resolve("Alone.java"), "x\n");

        List<ArtifactConflict> conflicts = detector.detect(List.of(
                AttemptArtifacts.fromDirectory(A, state.resolve("artifacts/T-1/1")),
                AttemptArtifacts.fromDirectory(B, state.resolve("artifacts/T-2/1"))));

        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("src/Shared.java");
            assertThat(c.suggestion()).isEqualTo(Resolution.TAKE_SUPERSET);
            assertThat(c.chosen()).isEqualTo(B);
        });
    }

    @Test
    void escalatedConflict_isRecordedAsOneConflictEvent(@TempDir Path state) throws Exception {
        ArtifactConflict conflict = only(detector.detect(List.of(
                attempt(A, changed("src/main/App.java", "one\nTWO-A\nthree\nfour\nfive\n", BASE)),
                attempt(B, changed("src/main/App.java", "one\nTWO-B\nthree\nfour\nfive\n", BASE)))));
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);

        EventLog.in(state).append(Event.of(clock, EventType.CONFLICT, "worker-2", "T-2", 1, conflict.toMap()));

        Event recorded = EventReader.in(state).readAll().events().get(0);
        assertThat(recorded.is(EventType.CONFLICT)).isTrue();
        assertThat(recorded.details()).isEqualTo(conflict.toMap());
    }

    @Test
    void anAttemptListedTwice_isRefused() {
        assertThatThrownBy(() -> detector.detect(List.of(attempt(A), attempt(A))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("T-1#1");
    }

    private static ArtifactConflict only(List<ArtifactConflict> conflicts) {
        assertThat(conflicts).hasSize(1);
        return conflicts.get(0);
    }

    private static AttemptArtifacts attempt(AttemptId id, ChangedFile... files) {
        return new AttemptArtifacts(id, List.of(files));
    }

    private static ChangedFile changed(String path, String content) {
        return ChangedFile.changed(path, bytes(content));
    }

    private static ChangedFile changed(String path, String content, String base) {
        return ChangedFile.changed(path, bytes(content), bytes(base));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
