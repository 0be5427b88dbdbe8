package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A mistake in config.yaml, as commands report it: the file's line and column, what is wrong, what to write. */
class ConfigErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void setUp() {
        state = dir.resolve("state");
        assertThat(Cli.run(Map.of(), "--state", state.toString(), "init").exitCode()).isZero();
    }

    @Test
    void aWrongLockBackendInTheFile_blamesTheFile_andAWrongOptionTheOption() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "lock_backend: zk\n");
        Cli.Result fromFile = Cli.inState(state, "status");
        assertThat(fromFile.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromFile.err()).contains(state.resolve("config.yaml") + ":1:15: `lock_backend` is 'zk'; it must be "
                + "one of file, zookeeper");

        Files.delete(state.resolve("config.yaml"));
        Cli.Result fromOption = Cli.inState(state, "--lock-backend", "zk", "status");
        assertThat(fromOption.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromOption.err()).contains("unknown lock backend 'zk' (from --lock-backend)");
        Cli.Result fromEnvironment = Cli.run(Map.of("WVO_LOCK_BACKEND", "zk"), "--state", state.toString(), "status");
        assertThat(fromEnvironment.err()).contains("(from $WVO_LOCK_BACKEND)");
    }

    @Test
    void aTypoInTheFile_stopsTheWorkerBeforeItClaims_andDoctorNamesIt() throws Exception {
        assertThat(Cli.inState(state, "task", "add", "t1", "--title", "one", "--command", "true").exitCode()).isZero();
        Files.writeString(state.resolve("config.yaml"), "worktree:\n  mdoe: always\n");

        Cli.Result worker = Cli.inState(state, "worker", "--agent", "shell", "--exit-when-idle");
        assertThat(worker.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(worker.err()).contains("config.yaml:2:3: `worktree.mdoe` is not a known setting; did you mean "
                + "`mode`?");
        assertThat(RoadmapReader.read(state.resolve("roadmap.yaml")).task("t1").orElseThrow().status())
                .isEqualTo("pending");

        JsonNode findings = JSON.readTree(Cli.inState(state, "doctor", "--json", "--no-lock-check").out());
        JsonNode config = null;
        for (JsonNode f : findings) {
            if ("config.yaml".equals(f.path("check").asText())) {
                config = f;
            }
        }
        assertThat(config).as("a config.yaml finding in " + findings).isNotNull();
        assertThat(config.get("status").asText()).isEqualTo("fail");
        assertThat(config.get("detail").asText()).contains("did you mean `mode`?");
    }

    @Test
    void aWrongValueInAnySection_stopsEveryCommandThatReadsTheFile_sayingWhere() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "retry:\n  brief_lines: lots\n");

        Cli.Result add = Cli.inState(state, "task", "add", "t1", "--title", "one");
        assertThat(add.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(add.err()).contains("config.yaml:2:16: `retry.brief_lines` is 'lots'; it must be a whole number");
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).doesNotContain("t1");
        assertThat(Cli.inState(state, "status").err()).contains("config.yaml:2:16");
    }
}
