package dev.wvo.bench;

import org.apache.curator.test.TestingServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * wvo's lock library beside the lock libraries people use, in one JMH run: maven-resolver's
 * file-lock named locks ({@code FileLockNamedLockFactory}) and Curator's {@code InterProcessMutex}
 * on curator-test's ZooKeeper server (one server on loopback, in this JVM), with wvo's file and
 * ZooKeeper backends.
 *
 * <ul>
 *   <li>{@code uncontended}: take a free lock and release it.</li>
 *   <li>{@code handOff}: the lock passes to another process that waits for it: the time from
 *       {@code release()} called here to the waiter's acquire returning there, which it signals
 *       through a {@link PartnerBoard}. Before each hand-off the waiter has waited a random 1–101 ms,
 *       so that a library that polls (maven-resolver retries every 100 ms) is caught at every
 *       phase of its poll, as a waiter arriving at a random moment would be.</li>
 * </ul>
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LockLibrariesBenchmark} (figures in docs/performance.md).
 */
@BenchmarkMode(Mode.SampleTime)
@Fork(1)
public class LockLibrariesBenchmark {

    /** One participant on a lock nobody else uses. */
    @State(Scope.Benchmark)
    public static class Alone {
        @Param({"wvo-file", "maven-resolver-file", "curator-zookeeper", "wvo-zookeeper"})
        public String library;

        private Participants participants;
        private LockLibrary lock;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            participants = new Participants(library);
            lock = participants.open("uncontended", "alone");
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            lock.close();
            participants.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 2)
    @Measurement(iterations = 5, time = 2)
    public void uncontended(Alone s) throws Exception {
        s.lock.acquire();
        s.lock.release();
    }

    /** This thread and a partner process on one lock; before each invocation this side holds it and the partner waits. */
    @State(Scope.Benchmark)
    public static class Pair {
        @Param({"wvo-file", "maven-resolver-file", "curator-zookeeper", "wvo-zookeeper"})
        public String library;

        private Participants participants;
        private LockLibrary lock;
        private PartnerBoard board;
        private ChildJvm partner;
        private long request;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            participants = new Participants(library);
            lock = participants.open("handoff", "bench");
            Path boardFile = participants.dir.resolve("partner.board");
            board = PartnerBoard.open(boardFile);
            partner = ChildJvm.start("partner", LockLibraryPartner.class, List.of(library,
                    participants.dir.toString(), participants.zookeeper(), "handoff", boardFile.toString()));
            lock.acquire();
        }

        /** The partner starts waiting for the lock this side holds, and has waited 1–101 ms when the hand-off starts. */
        @Setup(Level.Invocation)
        public void partnerWaits() {
            board.request(++request);
            PartnerBoard.awaitAtLeast(board::entering, request);
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(ThreadLocalRandom.current().nextLong(1_000, 101_000)));
            if (board.done() >= request) {
                throw new IllegalStateException(library + ": the partner took the lock while this process held it");
            }
        }

        /** The partner gives the lock back, and this side takes it again (uncontended). */
        @TearDown(Level.Invocation)
        public void takeBack() throws Exception {
            board.request(++request);
            PartnerBoard.awaitAtLeast(board::done, request);
            lock.acquire();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            lock.release();
            board.request(-1);
            partner.awaitExit(Duration.ofSeconds(30));
            partner.close();
            lock.close();
            participants.close();
        }
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2, time = 10)
    @Measurement(iterations = 4, time = 10)
    public void handOff(Pair s) throws Exception {
        s.lock.release();
        PartnerBoard.awaitAtLeast(s.board::done, s.request);
    }

    /** Where one library's participants meet: a directory for file locks and, for ZooKeeper, a server. */
    static final class Participants implements AutoCloseable {
        private final String library;
        private final Path dir;
        private final TestingServer server;

        Participants(String library) throws Exception {
            this.library = library;
            this.dir = BenchDirectory.create("lock-libraries-" + library + "-");
            // the server's data in this directory: ZooKeeper writes its configuration file beside the
            // data directory and never deletes it, which left one in /tmp per run
            this.server = library.endsWith("zookeeper") ? new TestingServer(0, dir.resolve("zookeeper").toFile(), true) : null;
        }

        String zookeeper() {
            return server == null ? "-" : server.getConnectString();
        }

        LockLibrary open(String resource, String owner) {
            return LockLibrary.open(library, dir, zookeeper(), resource, owner);
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.close();
            }
            BenchDirectory.delete(dir);
        }
    }
}
