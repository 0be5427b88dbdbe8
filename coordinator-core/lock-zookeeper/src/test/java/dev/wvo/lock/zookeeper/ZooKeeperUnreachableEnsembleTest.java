package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockException;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An ensemble that cannot be reached: acquisitions fail with an error that names it and the
 * time waited, bounded by the connection timeout, and leave nothing behind.
 */
class ZooKeeperUnreachableEnsembleTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /** Far above the connection timeout: catches a hang, never fails a slow machine. */
    private static final Duration HANG = Duration.ofSeconds(20);

    private TestingServer server;

    @BeforeEach
    void startServer(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void stoppedEnsemble_acquireFailsNamingItWithinTheConnectionTimeout_andLeavesNothing() throws Exception {
        try (ZooKeeperLockManager m = ZooKeeperLockManager.builder(server.getConnectString()).owner("a")
                .connectionTimeout(CONNECTION_TIMEOUT).build()) {
            LockHandle before = m.tryAcquire("before", LockMode.EXCLUSIVE).orElseThrow();
            server.stop();
            await().atMost(HANG).until(() -> !before.isValid());

            long started = System.nanoTime();
            assertThatThrownBy(() -> m.acquire("r", LockMode.EXCLUSIVE, Duration.ofMinutes(1)))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("ZooKeeper at " + server.getConnectString() + " is not reachable within 2 s")
                    .hasMessageContaining("lock 'r' was not acquired");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(HANG);
            assertThatThrownBy(m::inspect).isInstanceOf(LockException.class).hasMessageContaining("not reachable");

            server.restart();
            await().atMost(HANG).until(() -> m.inspect("r").isEmpty());
            LockHandle h = m.acquire("r", LockMode.EXCLUSIVE, HANG);
            assertThat(h.isValid()).isTrue();
        }
    }

    @Test
    void ensembleNeverThere_tryAcquireFailsNamingIt() throws Exception {
        String nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = "127.0.0.1:" + free.getLocalPort();
        }
        try (ZooKeeperLockManager m = ZooKeeperLockManager.builder(nobody).connectionTimeout(Duration.ofSeconds(1)).build()) {
            assertThatThrownBy(() -> m.tryAcquire("r", LockMode.SHARED))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("ZooKeeper at " + nobody + " is not reachable within 1 s")
                    .hasMessageContaining("Check that the ensemble runs");
        }
    }
}
