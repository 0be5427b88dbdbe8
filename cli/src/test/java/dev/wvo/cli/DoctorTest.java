package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code wvo doctor} in this JVM, on real state directories (its checks are tested one by one in wvo-core). */
class DoctorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path state;

    @BeforeEach
    void goodState() throws IOException {
        state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: a\n    status: pending\n");
        Files.writeString(state.resolve("context.md"), "# Context\n");
    }

    private static List<JsonNode> findings(Cli.Result r) throws IOException {
        List<JsonNode> all = new ArrayList<>();
        JSON.readTree(r.out()).forEach(all::add);
        return all;
    }

    @Test
    void goodState_printsEachAreaAlignedAndExitsZero() {
        Cli.Result r = Cli.inState(state, "--no-color", "doctor", "--no-lock-check");

        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("state\n  ok    directory ", "\nlocks\n", "\norphans\n", "\ngit\n", "\ntools\n",
                "\nplugins\n").containsPattern("\\d+ ok, \\d+ warning\\(s\\), 0 failure\\(s\\)\n$");
        assertThat(r.out()).doesNotContain("\u001b[");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void brokenRoadmap_failsWithItsPositionAndExitsOne() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: a\n    title: [unclosed\n");

        Cli.Result r = Cli.inState(state, "doctor", "--json", "--no-lock-check");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode roadmap = findings(r).stream().filter(f -> f.get("check").asText().equals("roadmap")).findFirst().orElseThrow();
        assertThat(roadmap.get("area").asText()).isEqualTo("state");
        assertThat(roadmap.get("status").asText()).isEqualTo("fail");
        assertThat(roadmap.get("detail").asText()).containsPattern("roadmap\\.yaml:\\d+:\\d+: ");
        assertThat(roadmap.get("fix").asText()).isNotBlank();
    }

    @Test
    void json_includesTheRealLockCheck_andEveryFindingHasTheFiveFields() throws IOException {
        Cli.Result r = Cli.inState(state, "doctor", "--json");

        assertThat(r.exitCode()).as(r.out()).isZero();
        List<JsonNode> findings = findings(r);
        assertThat(findings).allSatisfy(f -> {
            assertThat(f.fieldNames()).toIterable().containsExactly("area", "check", "status", "detail", "fix");
            assertThat(f.get("status").asText()).isIn("ok", "warn", "fail");
            assertThat(f.get("fix").isNull()).isEqualTo(f.get("status").asText().equals("ok"));
        });
        JsonNode lockCheck = findings.stream().filter(f -> f.get("check").asText().equals("lock check")).findFirst().orElseThrow();
        assertThat(lockCheck.get("area").asText()).isEqualTo("file system");
        assertThat(lockCheck.get("status").asText()).as(lockCheck.toString()).isEqualTo("ok");
    }

    @Test
    void missingStateDirectory_failsAndSaysHowToNameIt() {
        Cli.Result r = Cli.inState(dir.resolve("nowhere"), "--no-color", "doctor");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("fail  directory", "does not exist", "fix: run wvo from the project root");
        assertThat(Files.exists(dir.resolve("nowhere"))).isFalse();
    }

    @Test
    void brokenPlugin_failsWithItsProblem() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.writeString(plugins.resolve("broken.jar"), "not a jar at all");

        Cli.Result r = Cli.inState(state, "--no-color", "doctor", "--no-lock-check", "--plugins", plugins.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.out()).contains("fail  plugin broken.jar", "cannot be loaded", "fix: replace or remove " + plugins.resolve("broken.jar"));
    }

    @Test
    void stateDirectoryThatCannotBeWritten_failsWithoutAStackTrace() throws IOException {
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(state), "permissions do not bind this user (root)");
            Cli.Result r = Cli.inState(state, "--no-color", "doctor");

            assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(r.out()).contains("fail  directory", "is not writable by this user", "\nlocks\n",
                    "fail  lock directory");
            assertThat(r.err()).isEmpty();
        } finally {
            Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
