package dev.wvo.bench;

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
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * The file-system steps a lock record goes through, one by one, to see which dominates an
 * acquire + release of {@link dev.wvo.lock.FileLockManager}: writing a temp file, publishing it by
 * {@code link} (a new lock) or by {@code rename} over the existing record (a lock that changes:
 * release with waiters, waiter refresh, renewal), and reading a record that is not there.
 * Record-sized (500 bytes), in a directory nobody watches.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar RecordWriteBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordWriteBenchmark {

    private static final byte[] RECORD = new byte[500];

    private Path dir;
    private Path temp;
    private Path record;
    private Path missing;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Arrays.fill(RECORD, (byte) 'x');
        dir = BenchDirectory.create("record-write-");
        temp = dir.resolve(".record.tmp");
        record = dir.resolve("record.lock");
        missing = dir.resolve("missing.lock");
        Files.write(record, RECORD);
        System.out.println();
        System.out.println("# files in " + dir + " (file system " + BenchDirectory.fileSystemType(dir) + ")");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        BenchDirectory.delete(dir);
    }

    private void writeTemp() throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(temp,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            channel.write(ByteBuffer.wrap(RECORD));
        }
    }

    /** A new lock and its release: temp, link, unlink temp, unlink the record. */
    @Benchmark
    public void linkNewThenUnlink() throws IOException {
        writeTemp();
        Path fresh = dir.resolve("fresh.lock");
        Files.createLink(fresh, temp);
        Files.delete(temp);
        Files.delete(fresh);
    }

    /** A changed record as the lock library writes it: temp, then rename over the existing record. */
    @Benchmark
    public void renameOverExisting() throws IOException {
        writeTemp();
        Files.move(temp, record, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A changed record published without replacing a file: unlink the record, link the temp, unlink the temp. */
    @Benchmark
    public void unlinkThenLink() throws IOException {
        writeTemp();
        Files.delete(record);
        Files.createLink(record, temp);
        Files.delete(temp);
    }

    /** What every acquire of a free lock does first: read a lock file that is not there. */
    @Benchmark
    public boolean readMissingRecord() throws IOException {
        try {
            return Files.readAllBytes(missing).length > 0;
        } catch (NoSuchFileException e) {
            return false;
        }
    }
}
