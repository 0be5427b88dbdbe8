package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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

    /**
     * What the file says of plugins is judged by the plugins loaded (the real bundled jars), before
     * anything runs: status and a worker exit 2 at the line, the task is not claimed, doctor fails the check.
     */
    @Test
    void aNotifierOrBackendNoPluginProvides_orASettingAPluginRefuses_stopsStatusAndTheWorker_atItsLine() throws Exception {
        Path plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "task", "add", "t1", "--title", "one", "--command", "true").exitCode()).isZero();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("notify:\n  notifiers:\n    webhok: {url: 'https://hooks.example/x'}\n",
                ":3:5: `notify.notifiers.webhok` names notifier 'webhok', which no plugin provides; did you mean `webhook`?");
        expected.put("notify:\n  notifiers:\n    webhook: {url: 'ftp://hooks.example/x'}\n",
                ":3:15: `notify.notifiers.webhook.url` is not an http or https URL");
        expected.put("notify:\n  notifiers:\n    webhook: {url: 'https://hooks.example/x', format: xml}\n",
                ":3:47: `notify.notifiers.webhook.format` is 'xml'; write one of auto, slack, discord, json");
        expected.put("notify:\n  notifiers:\n    webhook: {url: 'https://hooks.example/x', chanel: ops}\n",
                ":3:47: `notify.notifiers.webhook.chanel` is not a setting of this plugin; it takes url, format, timeout");
        expected.put("notify:\n  notifiers:\n    webhook: {url: 'https://hooks.example/x', timeout: soon}\n",
                ":3:47: `notify.notifiers.webhook.timeout` is 'soon'; write a whole number of seconds");
        expected.put("backends:\n  claude: {park_at_utilization: lots}\n",
                ":2:12: `backends.claude.park_at_utilization` is 'lots'; write a share of the usage window such as 80%");
        expected.put("accounts:\n  - {name: work, backend: clade}\n",
                ":2:18: `accounts[0].backend` names agent backend 'clade', which no plugin provides; did you mean `claude`?");
        for (Map.Entry<String, String> c : expected.entrySet()) {
            Files.writeString(state.resolve("config.yaml"), c.getKey());
            Cli.Result status = Cli.inState(state, "--plugins", plugins.toString(), "status");
            assertThat(status.exitCode()).as(c.getKey() + status.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(status.err()).as(c.getKey()).contains("config.yaml" + c.getValue());
            Cli.Result worker = Cli.inState(state, "--plugins", plugins.toString(), "worker", "--agent", "shell",
                    "--exit-when-idle");
            assertThat(worker.exitCode()).as(c.getKey() + worker.err()).isEqualTo(ExitCodes.USAGE);
            assertThat(worker.err()).contains(c.getValue());
        }
        assertThat(RoadmapReader.read(state.resolve("roadmap.yaml")).task("t1").orElseThrow().status())
                .isEqualTo("pending");

        JsonNode findings = JSON.readTree(Cli.inState(state, "--plugins", plugins.toString(), "doctor", "--json",
                "--no-lock-check").out());
        assertThat(findings).filteredOn(f -> "plugin settings".equals(f.path("check").asText())).singleElement()
                .satisfies(f -> {
                    assertThat(f.get("status").asText()).isEqualTo("fail");
                    assertThat(f.get("detail").asText()).contains("did you mean `claude`?");
                });
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
