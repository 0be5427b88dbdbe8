package dev.wvo.cli;

import org.apache.curator.test.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo lock exec} against a separately installed ZooKeeper server, Debian's {@code zookeeper}
 * package, started the way the package starts it (its main class and class path) with a
 * configuration of its own. Skipped where the package is not installed; see docs/multi-host.md.
 */
@Tag("process")
@EnabledIf("packageInstalled")
class InstalledZooKeeperTest {

    /** Where Debian's package puts the server; its manifest's Class-Path names the other jars. */
    private static final Path SERVER_JAR = Path.of("/usr/share/java/zookeeper.jar");
    private static final String SERVER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";

    @TempDir
    Path dir;

    private Process server;
    private String connect;

    static boolean packageInstalled() {
        return Files.isRegularFile(SERVER_JAR);
    }

    @BeforeEach
    void startServer() throws IOException {
        int port = InstanceSpec.getRandomPort();
        Path data = Files.createDirectories(dir.resolve("zk-data"));
        Path config = dir.resolve("zoo.cfg");
        Files.writeString(config, String.join("\n", "tickTime=2000", "initLimit=10", "syncLimit=5",
                "dataDir=" + data, "clientPort=" + port, "clientPortAddress=127.0.0.1", "admin.enableServer=false", ""));
        server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", "/etc/zookeeper/conf:" + SERVER_JAR, SERVER_MAIN, config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("zk.log").toFile()).start();
        connect = "127.0.0.1:" + port;
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return true;
            }
        });
    }

    @AfterEach
    void stopServer() throws InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
    }

    @Test
    void concurrentExecs_onTheInstalledServer_neverInterleave() throws Exception {
        int processes = 4;
        List<CliProcess> all = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            all.add(CliProcess.start(dir, "p" + i, Map.of("WVO_LOCK_BACKEND", "zookeeper", "WVO_ZOOKEEPER", connect),
                    "lock", "exec", "--timeout", "2m", "counter", "--", "sh", "-c",
                    "mkdir inside || echo overlap >> overlaps; echo \"$WVO_LOCK_TOKEN\" >> tokens; sleep 0.1; rmdir inside"));
        }
        for (CliProcess p : all) {
            assertThat(p.exitCode()).as(p.stderr()).isZero();
        }
        assertThat(dir.resolve("overlaps")).doesNotExist();
        assertThat(Files.readAllLines(dir.resolve("tokens"))).containsExactly("1", "2", "3", "4");
    }
}
