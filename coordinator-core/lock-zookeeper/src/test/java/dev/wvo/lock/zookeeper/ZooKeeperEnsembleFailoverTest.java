package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockException;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A three-server ensemble loses a server while several sessions take turns on one exclusive
 * lock: no two valid holders ever overlap, a fenced store never sees a token go back, and the
 * session that was talking to the lost server reconnects to another and takes the lock again.
 */
class ZooKeeperEnsembleFailoverTest {

    private static final Duration WAIT = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperEnsembleFailoverTest.class);

    @TempDir
    Path zooKeeper;

    @Test
    void serverKilledDuringAcquisitions_noOverlap_andProgressResumes() throws Exception {
        Outcome outcome = run(3, 1);

        assertThat(outcome.overlaps()).isZero();
        assertThat(outcome.staleWrites()).isZero();
        assertThat(outcome.reconnections()).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Tag("stress")
    void serversKilledAndRestartedInTurn_noOverlap() throws Exception {
        Outcome outcome = run(5, 10);

        assertThat(outcome.overlaps()).isZero();
        assertThat(outcome.staleWrites()).isZero();
        assertThat(outcome.reconnections()).isGreaterThanOrEqualTo(10);
    }

    /**
     * What the sessions saw: sections that overlapped, writes a fenced store refused, sections
     * done, attempts that failed because the connection broke, and reconnections after a kill.
     */
    private record Outcome(int overlaps, int staleWrites, int completed, int failedAttempts, int reconnections) {
    }

    /** A store that keeps the largest token it accepted and refuses writes with a smaller one. */
    private static final class FencedStore {
        private long largest;
        private int refused;

        synchronized void write(long token) {
            if (token < largest) {
                refused++;
            } else {
                largest = token;
            }
        }

        synchronized int refused() {
            return refused;
        }
    }

    /**
     * {@code sessions} sessions take turns on one exclusive lock until stopped. {@code kills}
     * times, the server that one session talks to is killed; once that session has reconnected
     * (to another server) and completed more sections, the server is restarted for the next round.
     */
    private Outcome run(int sessions, int kills) throws Exception {
        List<CuratorFramework> clients = new ArrayList<>();
        List<ZooKeeperLockManager> managers = new ArrayList<>();
        List<AtomicInteger> reconnected = new ArrayList<>();
        List<AtomicInteger> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        AtomicBoolean stop = new AtomicBoolean();
        // ZooKeeper leaves a configuration file beside each data directory: all in a temp dir JUnit deletes
        // (made before the start, as TestingCluster(3) makes them: curator writes each server's myid there first)
        List<InstanceSpec> servers = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            servers.add(new InstanceSpec(Files.createDirectory(zooKeeper.resolve("server" + id)).toFile(), -1, -1, -1, true, id));
        }
        try (TestingCluster cluster = new TestingCluster(servers)) {
            cluster.start();
            for (int i = 0; i < sessions; i++) {
                CuratorFramework client = CuratorFrameworkFactory.builder().connectString(cluster.getConnectString())
                        .sessionTimeoutMs(15_000).connectionTimeoutMs(5_000)
                        .retryPolicy(new ExponentialBackoffRetry(100, 5)).build();
                AtomicInteger reconnections = new AtomicInteger();
                client.getConnectionStateListenable().addListener((c, state) -> {
                    if (state == ConnectionState.RECONNECTED) {
                        reconnections.incrementAndGet();
                    }
                });
                client.start();
                clients.add(client);
                reconnected.add(reconnections);
                done.add(new AtomicInteger());
                managers.add(ZooKeeperLockManager.builder(client).owner("s" + i).connectionTimeout(Duration.ofSeconds(20)).build());
            }
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            FencedStore store = new FencedStore();
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                ZooKeeperLockManager m = managers.get(i);
                AtomicInteger mine = done.get(i);
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try (LockHandle h = m.acquire("shared", LockMode.EXCLUSIVE, WAIT)) {
                            // a holder acts only while its handle is valid, as the contract asks
                            if (!h.isValid()) {
                                continue;
                            }
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            store.write(h.token());
                            inside.decrementAndGet();
                            mine.incrementAndGet();
                        } catch (LockException e) {
                            // the connection broke during the attempt; nothing is held, try again
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            await().atMost(WAIT).until(() -> done.stream().allMatch(d -> d.get() >= 5));
            for (int k = 0; k < kills; k++) {
                int victim = k % sessions;
                CuratorFramework client = clients.get(victim);
                InstanceSpec server = cluster.findConnectionInstance(client.getZookeeperClient().getZooKeeper());
                int reconnectionsBefore = reconnected.get(victim).get();
                cluster.killServer(server);
                await().atMost(WAIT).until(() -> reconnected.get(victim).get() > reconnectionsBefore);
                int doneBefore = done.get(victim).get();
                await().atMost(WAIT).until(() -> done.get(victim).get() >= doneBefore + 5);
                cluster.restartServer(server);
            }
            stop.set(true);
            for (Future<?> w : workers) {
                w.get(2, TimeUnit.MINUTES);
            }
            int completed = done.stream().mapToInt(AtomicInteger::get).sum();
            int reconnections = reconnected.stream().mapToInt(AtomicInteger::get).sum();
            Outcome outcome = new Outcome(overlaps.get(), store.refused(), completed, failed.get(), reconnections);
            LOG.info("{} sessions, {} server kills: {}", sessions, kills, outcome);
            return outcome;
        } finally {
            stop.set(true);
            pool.shutdownNow();
            managers.forEach(ZooKeeperLockManager::close);
            clients.forEach(CuratorFramework::close);
        }
    }
}
