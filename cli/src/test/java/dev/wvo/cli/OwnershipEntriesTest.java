package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 21, defects 4 and 5: ownership entries are taken in whole, in one spelling, inside the
 * project, and checked again when the roadmap is read; a bad one keeps its own task from running
 * and nothing else.
 */
class OwnershipEntriesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void init() {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @Test
    void aGlobWithACommaInItsBraces_isOneEntry_andCommasElsewhereSeparate() throws Exception {
        assertThat(add("T1", "--owns", "{a,b}/x,docs/[a,b]*.md,src").exitCode()).isZero();

        assertThat(owns("T1")).containsExactly("{a,b}/x", "docs/[a,b]*.md", "src");
    }

    @Test
    void aBrokenGlob_isRefusedOnInput_namingIt() {
        Cli.Result r = add("T1", "--owns", "{a");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("wvo: --owns '{a': not a valid glob").doesNotContain("Exception");
        assertThat(Cli.inState(state, "task", "list").out()).doesNotContain("T1");
    }

    @Test
    void aliasesOfOnePath_areStoredInOneSpelling() throws Exception {
        assertThat(add("T1", "--owns", "src//x,./src/./y/,src/../src/z").exitCode()).isZero();

        assertThat(owns("T1")).containsExactly("src/x", "src/y", "src/z");
    }

    @Test
    void pathsOutsideTheProject_areRefused() {
        for (String outside : List.of("/etc/passwd", "../elsewhere", "src/../../x")) {
            Cli.Result r = add("T-" + outside.length(), "--owns", outside);
            assertThat(r.exitCode()).as(outside).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(outside).startsWith("wvo: --owns '" + outside + "'").contains("outside the project");
        }
    }

    @Test
    void anAbsolutePathInsideTheProject_isMadeRelativeToIt_fromAnywhereInIt() throws Exception {
        Path project = Files.createDirectories(dir.resolve("project"));
        assertThat(new ProcessBuilder("git", "init", "-q", project.toString()).inheritIO().start().waitFor()).isZero();
        Path below = Files.createDirectories(project.resolve("src/app"));
        CliProcess wvo = CliProcess.start(below, "add", java.util.Map.of(), "--state", state.toString(),
                "task", "add", "T1", "--title", "t", "--owns", project.resolve("src/app/x.ts") + "," + project);

        assertThat(wvo.exitCode()).as(wvo.stderr()).isZero();
        assertThat(owns("T1")).containsExactly("src/app/x.ts", ".");
    }

    /** A broken entry written by hand made every worker exit 1 and `task list` fail with PatternSyntaxException. */
    @Test
    void aBrokenEntryWrittenByHand_isAWarningOnItsTask_andTheOthersStillRun() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n"
                + "  - {id: A, title: a, status: pending, owns: ['{a']}\n"
                + "  - {id: B, title: b, status: pending, owns: [src]}\n");

        Cli.Result list = Cli.inState(state, "task", "list", "--json");

        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.err()).contains(":3: owns '{a': not a valid glob");
        JsonNode tasks = JSON.readTree(list.out());
        assertThat(tasks.get(0).get("runnable").asBoolean()).isFalse();
        assertThat(tasks.get(1).get("runnable").asBoolean()).isTrue();
    }

    private Cli.Result add(String id, String... options) {
        List<String> args = new ArrayList<>(List.of("task", "add", id, "--title", "t"));
        args.addAll(List.of(options));
        return Cli.inState(state, args.toArray(String[]::new));
    }

    private List<String> owns(String id) throws Exception {
        JsonNode owns = JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out()).get("fields").get("owns");
        List<String> entries = new ArrayList<>();
        owns.forEach(e -> entries.add(e.asText()));
        return entries;
    }
}
