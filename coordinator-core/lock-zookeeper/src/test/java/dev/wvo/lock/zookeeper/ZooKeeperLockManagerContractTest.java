package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockManagerContract;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.UUID;

/**
 * The lock contract against a real ZooKeeper server; each manager has its own CuratorFramework
 * and so its own session, as a separate process would.
 */
class ZooKeeperLockManagerContractTest extends LockManagerContract {

    private static TestingServer server;

    /** Each test its own root, so that no test sees another's locks or counters. */
    private final String root = "/contract-" + UUID.randomUUID();

    @BeforeAll
    static void startServer(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    protected LockManager newProcess(String owner) {
        return ZooKeeperLockManager.builder(server.getConnectString()).root(root).owner(owner).build();
    }
}
