package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockManagerContract;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

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
    static void startServer() throws Exception {
        server = new TestingServer(true);
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
