package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.WorkerOptions;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A claim as a worker makes it: take the roadmap lock, read and parse the file, judge every task,
 * pick one, take its ownership locks, write the claim back, release. On the largest real roadmap
 * (752 KB, 432 entries) and on generated native roadmaps of 1,000 and 10,000 tasks. The roadmap
 * is restored before each claim (not measured), so every claim starts from the same file.
 *
 * <p>{@code parseOnly} is the floor: reading and parsing the same file, which every claim must do.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClaimBenchmark {

    @Param({"fixture-752KB", "generated-1000", "generated-10000"})
    public String roadmap;

    private Path dir;
    private Path file;
    private byte[] original;
    private FileLockManager locks;
    private LockHandle presence;
    private Scheduler scheduler;
    private ClaimedTask lastClaim;
    private final WorkerOptions options = new WorkerOptions("bench", List.of(), List.of(), true, Map.of());

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchDirectory.create("claim");
        file = dir.resolve("roadmap.yaml");
        original = roadmap.startsWith("fixture")
                ? Files.readAllBytes(fixture("roadmap-2025-10-24-bc7f707b.yaml"))
                : GeneratedRoadmap.of(Integer.parseInt(roadmap.substring("generated-".length()))).getBytes(StandardCharsets.UTF_8);
        Files.write(file, original);
        locks = FileLockManager.builder(dir.resolve("locks")).owner("bench").releaseOnShutdown(false)
                .listener(new QuietLockListener()).build();
        scheduler = new Scheduler(new RoadmapBoardStore(new RoadmapStore(new dev.wvo.fs.StateDir(dir), locks)), locks,
                Clock.systemUTC());
        presence = new WorkerPresence(locks).register("bench").orElseThrow();
    }

    @Setup(Level.Invocation)
    public void restore() throws IOException {
        if (lastClaim != null) {
            lastClaim.close();
            lastClaim = null;
        }
        Files.write(file, original);
    }

    @Benchmark
    public Optional<ClaimedTask> claim() {
        Optional<ClaimedTask> claimed = scheduler.claimNext(presence, null, options).claimed();
        lastClaim = claimed.orElse(null);
        return claimed;
    }

    @Benchmark
    public Object parseOnly() {
        return RoadmapReader.read(file).tasks().size();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        locks.close();
    }

    /** {@code -Dwvo.fixtures=DIR}, else {@code shared/fixtures/weathervane} beside the repository. */
    private static Path fixture(String name) {
        String configured = System.getProperty("wvo.fixtures");
        if (configured != null) {
            return Path.of(configured, name);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures/weathervane");
            if (Files.isDirectory(candidate)) {
                return candidate.resolve(name);
            }
        }
        throw new IllegalStateException("shared/fixtures/weathervane not found; pass -Dwvo.fixtures=DIR");
    }
}
