package dev.wvo.lock.zookeeper;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The ZooKeeper session is the liveness of a holder: an expired session, an interrupted
 * connection or a server restart ends the handle's validity for good, and the next holder gets a
 * larger token. Each test has its own server, since some stop it.
 */
class ZooKeeperSessionLossTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private TestingServer server;
    /** Closed last-in first-out: managers before the clients they use. */
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    @BeforeEach
    void startServer(@TempDir Path zooKeeper) throws Exception {
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        server = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
    }

    @AfterEach
    void closeAll() throws Exception {
        while (!closeables.isEmpty()) {
            closeables.pop().close();
        }
        server.close();
    }

    private CuratorFramework client(Duration sessionTimeout) {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(server.getConnectString())
                .sessionTimeoutMs((int) sessionTimeout.toMillis()).connectionTimeoutMs(5000)
                .retryPolicy(new ExponentialBackoffRetry(100, 3)).build();
        c.start();
        closeables.push(c);
        return c;
    }

    private ZooKeeperLockManager process(CuratorFramework client, String owner) {
        ZooKeeperLockManager m = ZooKeeperLockManager.builder(client).owner(owner).build();
        closeables.push(m);
        return m;
    }

    private ZooKeeperLockManager process(String owner) {
        ZooKeeperLockManager m = ZooKeeperLockManager.builder(server.getConnectString()).owner(owner).build();
        closeables.push(m);
        return m;
    }

    @Test
    void expiredSession_invalidatesHandle_andNextHolderGetsLargerToken() throws Exception {
        CuratorFramework client = client(Duration.ofSeconds(15));
        LockManager a = process(client, "a");
        LockManager b = process("b");
        LockHandle held = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

        KillSession.kill(client.getZookeeperClient().getZooKeeper());

        await().atMost(WAIT).until(() -> !held.isValid());
        LockHandle next = b.acquire("r", LockMode.EXCLUSIVE, WAIT);
        assertThat(next.token()).isGreaterThan(held.token());
        assertThat(held.isValid()).isFalse();
        assertThat(held.release()).as("release after the session expired").isFalse();
        assertThat(next.isValid()).isTrue();
        assertThat(b.inspect("r").orElseThrow().holders()).extracting(h -> h.owner()).containsExactly("b");
        assertThat(a.tryAcquire("other", LockMode.EXCLUSIVE)).as("the manager works in its new session").isPresent();
    }

    @Test
    void interruptedConnection_invalidatesHandleForGood_andFreesTheLockOnReconnection() throws Exception {
        // The session (20 s, the test server's largest) survives the restart and outlives the
        // wait below: the lock must be freed by the holder's own clean-up on reconnection, not
        // by the session's expiry.
        CuratorFramework client = client(Duration.ofSeconds(20));
        LockManager a = process(client, "a");
        LockHandle held = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

        server.stop();
        await().atMost(WAIT).until(() -> !held.isValid());
        server.restart();
        await().atMost(WAIT).until(() -> client.getZookeeperClient().isConnected());

        assertThat(held.isValid()).as("stays invalid after the connection is back").isFalse();
        LockManager b = process("b");
        LockHandle next = b.acquire("r", LockMode.EXCLUSIVE, Duration.ofSeconds(8));
        assertThat(next.token()).as("tokens survive a server restart").isGreaterThan(held.token());
        assertThat(held.release()).isFalse();
        assertThat(next.isValid()).isTrue();
    }

    @Test
    void closedManager_freesItsLocks_andTokensKeepIncreasingAcrossSessions() throws Exception {
        long last = 0;
        for (int i = 0; i < 3; i++) {
            try (ZooKeeperLockManager m = ZooKeeperLockManager.builder(server.getConnectString()).owner("p" + i).build()) {
                LockHandle h = m.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
                assertThat(h.token()).isGreaterThan(last);
                last = h.token();
            }
        }
        server.restart();
        LockHandle after = process("after-restart").acquire("r", LockMode.EXCLUSIVE, WAIT);
        assertThat(after.token()).isGreaterThan(last);
    }

    @Test
    void forcedBreak_invalidatesHolder_andNextGetsLargerToken() throws Exception {
        LockManager a = process("a");
        LockManager admin = process("admin");
        LockManager b = process("b");
        LockHandle held = a.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();

        assertThat(admin.breakLock("r", false).outcome()).isEqualTo(BreakResult.Outcome.REFUSED_LIVE_HOLDER);
        assertThat(held.isValid()).isTrue();
        BreakResult broken = admin.breakLock("r", true);

        assertThat(broken.outcome()).isEqualTo(BreakResult.Outcome.BROKEN);
        assertThat(broken.holders()).extracting(h -> h.owner()).containsExactly("a");
        await().atMost(WAIT).until(() -> !held.isValid());
        LockHandle next = b.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow();
        assertThat(next.token()).isGreaterThan(held.token());
        assertThat(held.release()).isFalse();
        assertThat(next.isValid()).isTrue();
        assertThat(admin.breakLock("nothing-here", false).outcome()).isEqualTo(BreakResult.Outcome.NOT_HELD);
    }

    @Test
    void forcedBreak_ofSharedHolders_letsWaitingWriterIn() throws Exception {
        LockManager r1 = process("r1");
        LockManager r2 = process("r2");
        LockManager w = process("w");
        LockHandle s1 = r1.tryAcquire("r", LockMode.SHARED).orElseThrow();
        LockHandle s2 = r2.tryAcquire("r", LockMode.SHARED).orElseThrow();
        CompletableFuture<LockHandle> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return w.acquire("r", LockMode.EXCLUSIVE, WAIT);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        await().atMost(WAIT).until(() -> r1.inspect("r").map(i -> i.waiting().size()).orElse(0) == 1);

        BreakResult broken = w.breakLock("r", true);

        assertThat(broken.holders()).extracting(h -> h.owner()).containsExactlyInAnyOrder("r1", "r2");
        LockHandle taken = writer.get(20, TimeUnit.SECONDS);
        assertThat(taken.token()).isGreaterThan(Math.max(s1.token(), s2.token()));
        await().atMost(WAIT).until(() -> !s1.isValid() && !s2.isValid());
    }
}
