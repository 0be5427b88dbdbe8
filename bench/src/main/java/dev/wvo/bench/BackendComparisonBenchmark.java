package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.zookeeper.ZooKeeperLockManager;
import org.apache.curator.test.TestingServer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The file backend and the ZooKeeper backend side by side, in one run, through the same
 * {@link LockManager} code: uncontended acquire+release on one manager, and hand-off between two
 * managers (two sessions; two simulated processes) — the time from {@code release()} being called in
 * one thread to {@code acquire()} returning in the other. ZooKeeper is a real single server on
 * loopback (curator-test's {@code TestingServer}), so its figures are a floor for an ensemble
 * on a network.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.BackendComparisonBenchmark [--ops 2000] [--handoffs 500]</pre>
 */
public final class BackendComparisonBenchmark {

    private BackendComparisonBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int ops = a.integer("ops", 2000);
        int handoffs = a.integer("handoffs", 500);
        Path dir = BenchDirectory.create("backends");
        MachineDescription.print("BackendComparisonBenchmark", dir);
        try (TestingServer zk = new TestingServer(true)) {
            Function<String, LockManager> file = owner -> FileLockManager.builder(dir.resolve("locks")).owner(owner)
                    .releaseOnShutdown(false).listener(new QuietLockListener()).build();
            Function<String, LockManager> zookeeper = owner -> ZooKeeperLockManager.builder(zk.getConnectString())
                    .owner(owner).connectionTimeout(Duration.ofSeconds(10)).build();
            System.out.println("backend     uncontended_p50_us  uncontended_p99_us  handoff_p50_ms  handoff_p99_ms");
            for (var backend : List.of(new Object[] {"file", file}, new Object[] {"zookeeper", zookeeper})) {
                @SuppressWarnings("unchecked")
                Function<String, LockManager> make = (Function<String, LockManager>) backend[1];
                double[] u = uncontended(make, ops);
                double[] h = handoff(make, handoffs);
                System.out.printf(Locale.ROOT, "%-10s  %18.1f  %18.1f  %14.2f  %14.2f%n", backend[0], u[0], u[1], h[0], h[1]);
            }
        }
    }

    /** Median and p99 of tryAcquire+release, in microseconds, after a warm-up of the same length. */
    private static double[] uncontended(Function<String, LockManager> make, int ops) {
        try (LockManager m = make.apply("solo")) {
            for (int i = 0; i < ops; i++) {
                m.tryAcquire("uncontended", LockMode.EXCLUSIVE).orElseThrow().release();
            }
            long[] samples = new long[ops];
            for (int i = 0; i < ops; i++) {
                long t0 = System.nanoTime();
                m.tryAcquire("uncontended", LockMode.EXCLUSIVE).orElseThrow().release();
                samples[i] = System.nanoTime() - t0;
            }
            Percentiles p = Percentiles.of(samples);
            return new double[] {p.p50() / 1e3, p.p99() / 1e3};
        }
    }

    /** Two managers pass one lock back and forth; median and p99 of release-returned to acquire-returned, in ms. */
    private static double[] handoff(Function<String, LockManager> make, int handoffs) throws Exception {
        try (LockManager a = make.apply("ping"); LockManager b = make.apply("pong")) {
            List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong releasedAt = new AtomicLong();
            CountDownLatch done = new CountDownLatch(2);
            LockManager[] players = {a, b};
            Object turn = new Object();
            int[] next = {0};
            for (int p = 0; p < 2; p++) {
                int me = p;
                Thread t = new Thread(() -> {
                    try {
                        for (int round = 0; round < handoffs; round++) {
                            synchronized (turn) {
                                while (next[0] != me) {
                                    turn.wait();
                                }
                            }
                            LockHandle h = players[me].acquire("handoff", LockMode.EXCLUSIVE, Duration.ofSeconds(30));
                            long got = System.nanoTime();
                            if (releasedAt.get() != 0) {
                                samples.add(got - releasedAt.get());
                            }
                            synchronized (turn) {
                                next[0] = 1 - me; // the other starts waiting while this one still holds
                                turn.notifyAll();
                            }
                            releasedAt.set(System.nanoTime()); // from release() called, as HandoffBenchmark reports
                            h.release();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        done.countDown();
                    }
                });
                t.setDaemon(true);
                t.start();
            }
            done.await();
            Percentiles p = Percentiles.of(samples.stream().mapToLong(Long::longValue).toArray());
            return new double[] {p.p50() / 1e6, p.p99() / 1e6};
        }
    }
}
