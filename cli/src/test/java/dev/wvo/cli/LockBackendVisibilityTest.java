package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** `wvo status` names the lock backend; `wvo doctor` checks it, with a real ZooKeeper. */
class LockBackendVisibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestingServer server;
    private Path state;

    @BeforeEach
    void setUp(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
    }

    @Test
    void status_namesTheBackendInUse() throws Exception {
        JsonNode file = JSON.readTree(Cli.inState(state, "status", "--json").out());
        assertThat(file.get("lock_backend").asText()).isEqualTo("file");
        Cli.Result zk = Cli.run(Map.of(), "--state", state.toString(), "--lock-backend", "zookeeper",
                "--zookeeper", server.getConnectString(), "status", "--json");
        assertThat(zk.exitCode()).as(zk.err()).isZero();
        assertThat(JSON.readTree(zk.out()).get("locks_at").asText()).startsWith("zookeeper://" + server.getConnectString());
    }

    @Test
    void doctor_checksTheZooKeeperBackend_reachableOrNot() throws Exception {
        Cli.Result ok = Cli.run(Map.of(), "--state", state.toString(), "--lock-backend", "zookeeper",
                "--zookeeper", server.getConnectString(), "doctor", "--json", "--no-lock-check");
        JsonNode backend = findBackend(JSON.readTree(ok.out()));
        assertThat(backend.get("status").asText()).isEqualTo("ok");
        assertThat(backend.get("detail").asText()).contains("session established", "probe lock");

        server.stop();
        Cli.Result down = Cli.run(Map.of(), "--state", state.toString(), "--lock-backend", "zookeeper",
                "--zookeeper", server.getConnectString(), "doctor", "--json", "--no-lock-check");
        assertThat(down.exitCode()).isEqualTo(ExitCodes.FAILURE);
        JsonNode failed = findBackend(JSON.readTree(down.out()));
        assertThat(failed.get("status").asText()).isEqualTo("fail");
        assertThat(failed.get("fix").asText()).contains("--zookeeper");
    }

    @Test
    void configKeys_chooseTheBackend_afterOptionsAndEnvironment() throws Exception {
        java.nio.file.Files.writeString(state.resolve("config.yaml"),
                "lock_backend: zookeeper\nzookeeper: " + server.getConnectString() + "\n");
        JsonNode fromConfig = JSON.readTree(Cli.inState(state, "status", "--json").out());
        assertThat(fromConfig.get("lock_backend").asText()).isEqualTo("zookeeper");
        Cli.Result option = Cli.run(Map.of(), "--state", state.toString(), "--lock-backend", "file", "status", "--json");
        assertThat(JSON.readTree(option.out()).get("lock_backend").asText()).isEqualTo("file");
        java.nio.file.Files.writeString(state.resolve("config.yaml"), "lock_backend: [oops\n");
        Cli.Result broken = Cli.inState(state, "status");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(broken.err()).contains("config.yaml:");
    }

    private static JsonNode findBackend(JsonNode findings) {
        for (JsonNode f : findings) {
            if ("backend".equals(f.path("check").asText())) {
                return f;
            }
        }
        throw new AssertionError("no backend finding in " + findings);
    }
}
