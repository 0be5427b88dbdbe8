package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code lock exec}, {@code lock list} and {@code lock break} on {@code --lock-backend zookeeper},
 * against a real ZooKeeper server in this JVM, with wvo as separate JVMs.
 */
@Tag("process")
class ZooKeeperLockCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestingServer server;

    @BeforeEach
    void startServer(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
    }

    @AfterEach
    void stopServer() throws IOException {
        server.close();
    }

    private CliProcess wvo(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--lock-backend", "zookeeper", "--zookeeper", server.getConnectString()));
        all.addAll(List.of(args));
        return CliProcess.start(dir, name, Map.of(), all.toArray(String[]::new));
    }

    private Cli.Result inJvm(String... args) {
        return Cli.run(Map.of("WVO_LOCK_BACKEND", "zookeeper", "WVO_ZOOKEEPER", server.getConnectString(),
                "WVO_STATE", dir.resolve("state").toString()), args);
    }

    @Test
    void concurrentExecs_onOneResource_neverInterleave_andTokensGrow() throws Exception {
        int processes = 4;
        List<CliProcess> all = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            all.add(wvo("p" + i, "lock", "exec", "shared-file", "--",
                    "sh", "-c", "echo \"start $WVO_LOCK_TOKEN\" >> log; sleep 0.2; echo \"end $WVO_LOCK_TOKEN\" >> log"));
        }
        for (CliProcess p : all) {
            assertThat(p.exitCode()).as(p.stderr()).isZero();
        }

        List<String> lines = Files.readAllLines(dir.resolve("log"));
        assertThat(lines).hasSize(2 * processes);
        List<Long> tokens = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 2) {
            String token = lines.get(i).substring("start ".length());
            assertThat(lines.get(i + 1)).as("the holder that started must end before anyone else starts")
                    .isEqualTo("end " + token);
            tokens.add(Long.parseLong(token));
        }
        assertThat(tokens).containsExactly(1L, 2L, 3L, 4L);
        assertThat(dir.resolve("state")).as("the ZooKeeper backend writes no lock files").doesNotExist();
    }

    @Test
    void listShowsTheHolder_breakRefusesItWhileAlive_andTheLockIsFreeAfterExec() throws Exception {
        CliProcess holder = wvo("holder", "lock", "exec", "roadmap", "--owner", "worker-7", "--",
                "sh", "-c", "touch ready; while [ ! -f release ]; do sleep 0.05; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("ready")));

        Cli.Result list = inJvm("lock", "list", "--json");
        assertThat(list.exitCode()).as(list.err()).isZero();
        JsonNode listing = JSON.readTree(list.out());
        assertThat(listing.get("lockDirectory").asText()).isEqualTo("zookeeper://" + server.getConnectString() + "/wvo/locks");
        JsonNode lock = listing.get("locks").get(0);
        assertThat(lock.get("resource").asText()).isEqualTo("roadmap");
        assertThat(lock.get("holders").get(0).get("owner").asText()).isEqualTo("worker-7");
        assertThat(lock.get("holders").get(0).get("pid").asLong()).isEqualTo(holder.process.pid());
        assertThat(lock.get("holders").get(0).get("liveness").asText()).isEqualTo("alive");
        assertThat(inJvm("lock", "list").out()).contains("roadmap", "worker-7", "live");

        Cli.Result refused = inJvm("lock", "break", "roadmap");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(refused.err()).contains("held by a live holder", "worker-7", "--force");

        Files.createFile(dir.resolve("release"));
        assertThat(holder.exitCode()).as(holder.stderr()).isZero();
        assertThat(JSON.readTree(inJvm("lock", "list", "--json").out()).get("locks")).isEmpty();
        assertThat(inJvm("lock", "break", "roadmap").out()).contains("No lock on 'roadmap' in zookeeper://");
    }

    @Test
    void theShell_seesLocksOnTheConfiguredBackend() throws Exception {
        // first: init writes the roadmap under its lock (issue 21 #6), so it would wait for the holder
        assertThat(inJvm("init").exitCode()).isZero();
        CliProcess holder = wvo("holder", "lock", "exec", "roadmap", "--owner", "worker-7", "--",
                "sh", "-c", "touch ready; while [ ! -f release ]; do sleep 0.05; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("ready")));

        CliProcess shell = wvo("shell", "--state", dir.resolve("state").toString(), "shell");
        try (java.io.OutputStream in = shell.process.getOutputStream()) {
            in.write("lock list\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        assertThat(shell.exitCode()).as(shell.stderr()).isZero();
        assertThat(shell.stdout()).contains("roadmap", "worker-7");

        Files.createFile(dir.resolve("release"));
        assertThat(holder.exitCode()).as(holder.stderr()).isZero();
    }

    @Test
    void heldOnZooKeeper_fileBackendDoesNotSeeIt_butAnotherZooKeeperExecTimesOut() throws Exception {
        CliProcess holder = wvo("holder", "lock", "exec", "r", "--", "sh", "-c",
                "touch ready; while [ ! -f release ]; do sleep 0.05; done");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("ready")));

        Cli.Result second = inJvm("lock", "exec", "--timeout", "0", "r", "--", "true");
        assertThat(second.exitCode()).isEqualTo(ExitCodes.LOCK_NOT_ACQUIRED);
        assertThat(second.err()).contains("not acquired at once", "zookeeper://" + server.getConnectString());
        Cli.Result onFiles = Cli.inState(dir.resolve("state"), "lock", "exec", "--timeout", "0", "r", "--", "true");
        assertThat(onFiles.exitCode()).as("the backends are separate lock spaces").isZero();

        Files.createFile(dir.resolve("release"));
        assertThat(holder.exitCode()).isZero();
    }

    @Test
    void unreachableEnsemble_oneClearLine_exit1_noStackTrace() throws Exception {
        int nobody = InstanceSpec.getRandomPort();
        // both wait out the connection timeout, so they run side by side
        CliProcess exec = CliProcess.start(dir, "exec", Map.of("WVO_LOCK_BACKEND", "zookeeper",
                "WVO_ZOOKEEPER", "127.0.0.1:" + nobody), "lock", "exec", "r", "--", "touch", "ran");
        CliProcess list = CliProcess.start(dir, "list", Map.of(), "--lock-backend", "zookeeper",
                "--zookeeper", "127.0.0.1:" + nobody, "lock", "list");

        assertThat(exec.exitCode()).isEqualTo(ExitCodes.FAILURE);
        List<String> err = exec.stderr().lines().toList();
        assertThat(err).hasSize(1);
        assertThat(err.get(0)).startsWith("wvo: ").contains("127.0.0.1:" + nobody, "not reachable");
        assertThat(dir.resolve("ran")).doesNotExist();

        assertThat(list.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(list.stderr().lines().toList()).hasSize(1).first().asString().contains("not reachable");
    }

    @Test
    void zookeeperWithoutEnsemble_orUnknownBackend_isAUsageError() {
        Cli.Result noHosts = Cli.run(Map.of("WVO_LOCK_BACKEND", "zookeeper"), "lock", "list");
        assertThat(noHosts.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(noHosts.err()).contains("--zookeeper host:port", "WVO_ZOOKEEPER");

        Cli.Result unknown = Cli.inState(dir, "--lock-backend", "etcd", "lock", "list");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("unknown lock backend 'etcd'", "file or zookeeper");
    }

    @Test
    void optionBeatsEnvironment_andFileIsTheDefault() {
        Map<String, String> env = Map.of("WVO_LOCK_BACKEND", "zookeeper", "WVO_ZOOKEEPER", "127.0.0.1:1");
        Cli.Result onFiles = Cli.run(env, "--state", dir.toString(), "--lock-backend", "FILE", "lock", "list");
        assertThat(onFiles.exitCode()).as(onFiles.err()).isZero();
        assertThat(onFiles.out()).contains("No locks in " + dir.resolve("locks").toAbsolutePath());

        Cli.Result byDefault = Cli.inState(dir, "lock", "list");
        assertThat(byDefault.out()).contains("No locks in " + dir.resolve("locks").toAbsolutePath());
    }
}
