package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/**
 * Uncontended acquire + release of a {@link FileLockManager} lock against its floor, the kernel
 * lock that {@code FileChannel.lock()} takes, on the same file system in the same run. The two
 * floors: lock + release on a channel kept open, and open + lock + release + close.
 *
 * <p>Sample time, not average time: on a shared machine a few slow iterations drag a mean far off,
 * while the median of every call's time holds; JMH reports both, with p90 and p99.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar LockBenchmark} (see docs/performance.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LockBenchmark {

    private static final String RESOURCE = "bench/resource";
    private static final StandardOpenOption[] GUARD_OPTIONS =
            {StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE};

    private Path root;
    private Path floorFile;
    private FileChannel openChannel;
    private FileLockManager manager;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        root = BenchDirectory.create("lock-benchmark-");
        // the floor's file sits outside the lock directory, whose file watcher would see it
        Path floorDir = Files.createDirectory(root.resolve("floor"));
        floorFile = floorDir.resolve("floor.guard");
        openChannel = FileChannel.open(floorFile, GUARD_OPTIONS);
        manager = FileLockManager.builder(root.resolve("locks"))
                .owner("lock-benchmark")
                .listener(new QuietLockListener())
                .releaseOnShutdown(false)
                .build();
        System.out.println();
        System.out.println("# files in " + root + " (file system " + BenchDirectory.fileSystemType(root) + ")");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        manager.close();
        openChannel.close();
        BenchDirectory.delete(root);
    }

    /** Floor 1: {@code fcntl(F_SETLKW)} + {@code fcntl(F_UNLCK)} on a channel opened once. */
    @Benchmark
    public boolean floorLockReleaseOpenChannel() throws IOException {
        var lock = openChannel.lock();
        lock.release();
        return lock.isValid();
    }

    /** Floor 2: a one-shot kernel lock on a lock file: open, lock, release, close. */
    @Benchmark
    public boolean floorOpenLockReleaseClose() throws IOException {
        try (FileChannel channel = FileChannel.open(floorFile, GUARD_OPTIONS)) {
            var lock = channel.lock();
            lock.release();
            return lock.isValid();
        }
    }

    @Benchmark
    public long exclusiveTryAcquireRelease() {
        LockHandle handle = manager.tryAcquire(RESOURCE, LockMode.EXCLUSIVE)
                .orElseThrow(() -> new IllegalStateException("uncontended exclusive lock not acquired"));
        handle.release();
        return handle.token();
    }

    @Benchmark
    public long sharedTryAcquireRelease() {
        LockHandle handle = manager.tryAcquire(RESOURCE, LockMode.SHARED)
                .orElseThrow(() -> new IllegalStateException("uncontended shared lock not acquired"));
        handle.release();
        return handle.token();
    }
}
