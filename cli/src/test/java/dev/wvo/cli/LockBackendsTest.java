package dev.wvo.cli;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@link LockBackends#open}: which backend, with which lease and owner, and release at JVM exit. */
class LockBackendsTest {

    @TempDir
    Path dir;

    private static WvoCommand global(Map<String, String> env, String... options) {
        WvoCommand global = new WvoCommand(env);
        new CommandLine(global.spec()).parseArgs(options);
        return global;
    }

    @Test
    void fileBackend_locksInStateLocks_withTheOwnerAndLeaseGiven() {
        WvoCommand global = global(Map.of(), "--state", dir.toString());
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("w1").lease(Duration.ofSeconds(7)));
             LockHandle ignored = locks.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow()) {
            assertThat(locks).isInstanceOf(FileLockManager.class);
            assertThat(dir.resolve("locks")).isDirectory();
            HolderInfo holder = locks.inspect("roadmap").orElseThrow().holders().get(0);
            assertThat(holder.owner()).isEqualTo("w1");
            assertThat(holder.lease()).isEqualTo(Duration.ofSeconds(7));
        }
        assertThat(LockBackends.location(global)).isEqualTo(dir.resolve("locks").toAbsolutePath().toString());
    }

    @Test
    void zooKeeperBackend_fromTheEnvironment_sessionIsTheLease(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        try (TestingServer server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true)) {
            WvoCommand global = global(Map.of("WVO_LOCK_BACKEND", "ZooKeeper", "WVO_ZOOKEEPER", server.getConnectString()),
                    "--state", dir.toString());
            assertThat(LockBackends.backend(global)).isEqualTo(LockBackends.Backend.ZOOKEEPER);
            try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("w2").lease(Duration.ofSeconds(8)));
                 LockHandle ignored = locks.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow()) {
                HolderInfo holder = locks.inspect("roadmap").orElseThrow().holders().get(0);
                assertThat(holder.owner()).isEqualTo("w2");
                assertThat(holder.lease()).isEqualTo(Duration.ofSeconds(8));
            }
            assertThat(dir.resolve("locks")).doesNotExist();
            assertThat(LockBackends.location(global)).isEqualTo("zookeeper://" + server.getConnectString() + "/wvo/locks");
        }
    }

    /**
     * A process that exits without closing its manager: with release on shutdown its ZooKeeper
     * lock goes with the JVM, long before the 30 s session would have run out; without, it stays.
     */
    @Test
    @Tag("process")
    void zooKeeperBackend_releaseOnShutdown_freesTheLockWhenTheJvmExits(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        try (TestingServer server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true)) {
            WvoCommand global = global(Map.of(), "--lock-backend", "zookeeper", "--zookeeper", server.getConnectString());
            try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().owner("parent").lease(Duration.ofSeconds(30)))) {
                assertThat(runChild("released", true, server)).startsWith("held ");
                await().atMost(Duration.ofSeconds(15)).until(() -> locks.inspect("r").isEmpty());
                Optional<LockHandle> taken = locks.tryAcquire("r", LockMode.EXCLUSIVE);
                assertThat(taken).isPresent();
                taken.get().release();

                assertThat(runChild("kept", false, server)).startsWith("held ");
                assertThat(locks.inspect("r")).as("kept until the child's session expires").isPresent();
                assertThat(locks.tryAcquire("r", LockMode.EXCLUSIVE)).isEmpty();
            }
        }
    }

    private String runChild(String name, boolean releaseOnShutdown, TestingServer server) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), LockBackendsChild.class.getName(),
                Boolean.toString(releaseOnShutdown), "--lock-backend", "zookeeper", "--zookeeper", server.getConnectString()));
        Path out = dir.resolve(name + ".out");
        Process child = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(dir.resolve(name + ".err"))).isZero();
        return Files.readString(out);
    }
}
