package dev.wvo.lock.zookeeper;

import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.ResourceNames;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What inspection shows of locks on ZooKeeper, where they live, and how managers are built. */
class ZooKeeperLockInspectionTest {

    private static TestingServer server;
    private static CuratorFramework observer;

    private final String root = "/inspect-" + UUID.randomUUID();
    private final List<LockManager> managers = new ArrayList<>();

    @BeforeAll
    static void startServer(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
        observer = CuratorFrameworkFactory.newClient(server.getConnectString(), new ExponentialBackoffRetry(100, 3));
        observer.start();
    }

    @AfterAll
    static void stopServer() throws Exception {
        observer.close();
        server.close();
    }

    @AfterEach
    void closeManagers() {
        managers.forEach(LockManager::close);
    }

    private ZooKeeperLockManager process(String owner) {
        ZooKeeperLockManager m = ZooKeeperLockManager.builder(server.getConnectString()).root(root).owner(owner).build();
        managers.add(m);
        return m;
    }

    @Test
    void holder_showsOwnerProcessTimeAndToken() {
        Instant at = Instant.parse("2026-11-22T10:15:30Z");
        ZooKeeperLockManager a = ZooKeeperLockManager.builder(server.getConnectString()).root(root).owner("worker-1")
                .clock(Clock.fixed(at, ZoneOffset.UTC)).build();
        managers.add(a);
        LockHandle h = a.tryAcquire("src/main/Foo.java", LockMode.EXCLUSIVE).orElseThrow();

        LockInfo info = process("viewer").inspect("src/main/Foo.java").orElseThrow();

        assertThat(info.resource()).isEqualTo("src/main/Foo.java");
        assertThat(info.mode()).isEqualTo(LockMode.EXCLUSIVE);
        assertThat(info.isStale()).isFalse();
        HolderInfo holder = info.holders().get(0);
        assertThat(holder.owner()).isEqualTo("worker-1");
        assertThat(holder.process().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(holder.process().host().hostName()).isEqualTo(HostIdentity.current().hostName());
        assertThat(holder.acquiredAt()).isEqualTo(at).isEqualTo(h.acquiredAt());
        assertThat(holder.token()).isEqualTo(h.token());
        assertThat(holder.lease()).as("the session timeout").isPositive();
        assertThat(holder.describe()).contains("worker-1", "token " + h.token());
    }

    @Test
    void inspectAll_listsEveryHeldLock_withModesHoldersAndWaiters() throws Exception {
        ZooKeeperLockManager a = process("a");
        ZooKeeperLockManager b = process("b");
        ZooKeeperLockManager c = process("c");
        a.tryAcquire("alpha", LockMode.EXCLUSIVE).orElseThrow();
        b.tryAcquire("beta", LockMode.SHARED).orElseThrow();
        c.tryAcquire("beta", LockMode.SHARED).orElseThrow();
        a.tryAcquire("gone", LockMode.EXCLUSIVE).orElseThrow().release();

        List<LockInfo> all = c.inspect();

        assertThat(all).extracting(LockInfo::resource).containsExactly("alpha", "beta");
        assertThat(all.get(0).holders()).extracting(HolderInfo::owner).containsExactly("a");
        assertThat(all.get(1).mode()).isEqualTo(LockMode.SHARED);
        assertThat(all.get(1).holders()).extracting(HolderInfo::owner).containsExactly("b", "c");
        assertThat(all.get(1).waiting()).isEmpty();
        assertThat(c.inspect("gone")).isEmpty();
        assertThat(c.inspect("never")).isEmpty();
    }

    @Test
    void oddAndLongNames_keepTheirOriginalName() {
        ZooKeeperLockManager a = process("a");
        String odd = "src/ünï côde/../%41~";
        String longName = "x/".repeat(200);
        a.tryAcquire(odd, LockMode.EXCLUSIVE).orElseThrow();
        a.tryAcquire(longName, LockMode.SHARED).orElseThrow();

        assertThat(a.inspect()).extracting(LockInfo::resource).containsExactlyInAnyOrder(odd, longName);
        assertThat(a.inspect(longName).orElseThrow().mode()).isEqualTo(LockMode.SHARED);
        assertThat(a.tryAcquire(odd, LockMode.SHARED)).isEmpty();
    }

    @Test
    void lockNodes_liveUnderTheRoot_withReadableData() throws Exception {
        ZooKeeperLockManager a = process("worker-7");
        LockHandle h = a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();

        String lock = root + "/" + ResourceNames.encode("res") + "/lock";
        List<String> nodes = observer.getChildren().forPath(lock);
        assertThat(nodes).singleElement().asString().contains(LockQueue.WRITE_MARK);
        String data = new String(observer.getData().forPath(lock + "/" + nodes.get(0)), StandardCharsets.UTF_8);
        assertThat(data).contains("owner=worker-7", "mode=exclusive", "token=" + h.token(),
                "pid=" + ProcessHandle.current().pid(), "acquired_at=");
        assertThat(observer.checkExists().forPath(root + "/res/token")).isNotNull();
        h.release();
        assertThat(observer.getChildren().forPath(lock)).isEmpty();
    }

    @Test
    void defaultRoot_isWvoLocks() throws Exception {
        try (ZooKeeperLockManager m = ZooKeeperLockManager.builder(server.getConnectString()).build()) {
            m.tryAcquire("default-root", LockMode.EXCLUSIVE).orElseThrow();

            assertThat(m.root()).isEqualTo(ZooKeeperLockManager.DEFAULT_ROOT).isEqualTo("/wvo/locks");
            assertThat(observer.getChildren().forPath("/wvo/locks/default-root/lock")).hasSize(1);
            assertThat(m.owner()).isEqualTo(ProcessHandle.current().pid() + "@" + HostIdentity.current().hostName());
        }
    }

    @Test
    void givenClient_isUsed_andLeftOpenOnClose() throws Exception {
        CuratorFramework client = CuratorFrameworkFactory.newClient(server.getConnectString(), new ExponentialBackoffRetry(100, 3));
        client.start();
        try {
            ZooKeeperLockManager m = ZooKeeperLockManager.builder(client).root(root).owner("shared-client").build();
            LockHandle h = m.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
            m.close();

            assertThat(h.isValid()).isFalse();
            assertThat(client.getState()).isEqualTo(CuratorFrameworkState.STARTED);
            assertThat(process("b").tryAcquire("r", LockMode.EXCLUSIVE)).isPresent();
            assertThatThrownBy(() -> m.tryAcquire("r", LockMode.EXCLUSIVE)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThatThrownBy(() -> ZooKeeperLockManager.builder(client).sessionTimeout(Duration.ofSeconds(5)).build())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("session timeout");
        } finally {
            client.close();
        }
    }

    @Test
    void builder_rejectsBadOptions() {
        assertThatThrownBy(() -> ZooKeeperLockManager.builder(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperLockManager.builder("h:1").root("no-slash")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZooKeeperLockManager.builder("h:1").sessionTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        CuratorFramework unstarted = CuratorFrameworkFactory.newClient(server.getConnectString(), new ExponentialBackoffRetry(100, 3));
        assertThatThrownBy(() -> ZooKeeperLockManager.builder(unstarted).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start it");
    }
}
