package dev.wvo.conflict;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Attempts as branches of a real git repository: each attempt's changes are read from its branch,
 * bases from the commit they all started at.
 */
class GitConflictDetectionTest {

    private static final String SOURCE = "package app;\n\nclass Service {\n  int a() { return 1; }\n\n  int b() { return 2; }\n\n"
            + "  int c() { return 3; }\n}\n";
    private static final String TEST = "class ServiceTest {\n}\n";

    @TempDir
    Path work;
    private Git git;

    @BeforeEach
    void setUp() throws Exception {
        git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        write("src/main/java/app/Service.java", SOURCE);
        write("src/test/java/app/ServiceTest.java", TEST);
        write("README.md", "readme\n");
        write("notes.txt", "first\n");
        commit("base");
    }

    @AfterEach
    void tearDown() {
        git.close();
    }

    @Test
    void attemptsOnBranches_eachPathGetsItsSuggestion() throws Exception {
        attemptBranch("a1", Map.of(
                "src/main/java/app/Service.java", SOURCE.replace("return 1;", "return 10;"),
                "src/test/java/app/ServiceTest.java", "class ServiceTest {\n  @Test void a() {}\n}\n",
                "README.md", "readme\nmore\n",
                "only-a1.txt", "mine\n",
                "notes.txt", "first\nsecond\n"));
        attemptBranch("a2", Map.of(
                "src/main/java/app/Service.java", SOURCE.replace("return 3;", "return 30;"),
                "src/test/java/app/ServiceTest.java", "class ServiceTest {\n  @Test void b() {}\n}\n",
                "README.md", "readme\nmore\nand more\n",
                "notes.txt", "first\nsecond\n"));
        attemptBranch("a3", Map.of(
                "src/main/java/app/Service.java", SOURCE.replace("return 2;", "return 20;"),
                "only-a3.txt", "theirs\n"));

        AttemptId a1 = new AttemptId("T-1", 1);
        AttemptId a2 = new AttemptId("T-2", 1);
        AttemptId a3 = new AttemptId("T-3", 1);
        List<ArtifactConflict> conflicts = new ConflictDetector().detect(List.of(
                GitChanges.between(git.getRepository(), a1, "main", "a1"),
                GitChanges.between(git.getRepository(), a2, "main", "a2"),
                GitChanges.between(git.getRepository(), a3, "main", "a3")));

        Map<String, ArtifactConflict> byPath = conflicts.stream()
                .collect(Collectors.toMap(ArtifactConflict::path, Function.identity()));
        assertThat(byPath).containsOnlyKeys("README.md", "notes.txt", "src/main/java/app/Service.java",
                "src/test/java/app/ServiceTest.java");
        assertThat(byPath.get("notes.txt").suggestion()).isEqualTo(Resolution.NONE_NEEDED);
        assertThat(byPath.get("README.md").suggestion()).isEqualTo(Resolution.TAKE_SUPERSET);
        assertThat(byPath.get("README.md").chosen()).isEqualTo(a2);

        ArtifactConflict service = byPath.get("src/main/java/app/Service.java");
        assertThat(service.attempts()).containsExactly(a1, a2, a3);
        assertThat(service.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
        assertThat(text(service.resolved())).isEqualTo(SOURCE.replace("return 1;", "return 10;")
                .replace("return 2;", "return 20;").replace("return 3;", "return 30;"));

        ArtifactConflict test = byPath.get("src/test/java/app/ServiceTest.java");
        assertThat(test.suggestion()).isEqualTo(Resolution.UNION);
        assertThat(text(test.resolved())).isEqualTo("class ServiceTest {\n  @Test void a() {}\n  @Test void b() {}\n}\n");
    }

    @Test
    void overlappingEditsOnBranches_areEscalated_andADeletionAgainstAnEditToo() throws Exception {
        attemptBranch("a1", Map.of("src/main/java/app/Service.java", SOURCE.replace("return 2;", "return 21;")));
        git.checkout().setName("a1").call();
        git.rm().addFilepattern("notes.txt").call();
        commit("a1 removes notes");
        git.checkout().setName("main").call();
        attemptBranch("a2", Map.of("src/main/java/app/Service.java", SOURCE.replace("return 2;", "return 22;"),
                "notes.txt", "first\nchanged\n"));

        AttemptId a1 = new AttemptId("T-1", 1);
        AttemptId a2 = new AttemptId("T-1", 2);
        List<ArtifactConflict> conflicts = new ConflictDetector().detect(List.of(
                GitChanges.between(git.getRepository(), a1, "main", "a1"),
                GitChanges.between(git.getRepository(), a2, "main", "a2")));

        assertThat(conflicts).extracting(ArtifactConflict::path, ArtifactConflict::suggestion).containsExactly(
                tuple("notes.txt", Resolution.ESCALATE),
                tuple("src/main/java/app/Service.java", Resolution.ESCALATE));
        assertThat(conflicts.get(1).regions()).singleElement().satisfies(region -> {
            assertThat(region.base()).isEqualTo(new LineRange(6, 1));
            assertThat(region.leftLines()).isEqualTo(new LineRange(6, 1));
            assertThat(region.rightLines()).isEqualTo(new LineRange(6, 1));
        });
    }

    @Test
    void artifactsWithoutBases_takeTheirBaseFromTheRepository(@TempDir Path state) throws Exception {
        Path a = Files.createDirectories(state.resolve("artifacts/T-1/1/src/main/java/app"));
        Path b = Files.createDirectories(state.resolve("artifacts/T-2/1/src/main/java/app"));
        Files.writeString(a.resolve("Service.java"), SOURCE.replace("return 1;", "return 10;"));
        Files.writeString(b.resolve("Service.java"), SOURCE.replace("return 3;", "return 30;"));
        ConflictDetector detector = new ConflictDetector(GitBaseLookup.at(git.getRepository(), "main"));

        List<ArtifactConflict> conflicts = detector.detect(List.of(
                AttemptArtifacts.fromDirectory(new AttemptId("T-1", 1), state.resolve("artifacts/T-1/1")),
                AttemptArtifacts.fromDirectory(new AttemptId("T-2", 1), state.resolve("artifacts/T-2/1"))));

        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.suggestion()).isEqualTo(Resolution.THREE_WAY_MERGE);
            assertThat(text(c.resolved())).contains("return 10;", "return 2;", "return 30;");
        });
    }

    @Test
    void unknownBaseRevision_isReportedWithTheRepository() {
        assertThatThrownBy(() -> GitBaseLookup.at(git.getRepository(), "no-such-branch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no-such-branch");
    }

    private void attemptBranch(String name, Map<String, String> files) throws Exception {
        git.checkout().setCreateBranch(true).setName(name).setStartPoint("main").call();
        for (Map.Entry<String, String> file : files.entrySet()) {
            write(file.getKey(), file.getValue());
        }
        commit("attempt " + name);
        git.checkout().setName("main").call();
    }

    private void write(String path, String content) throws Exception {
        Path file = work.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        PersonIdent who = new PersonIdent("wvo test", "test@wvo.dev");
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
