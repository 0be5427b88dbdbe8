package dev.wvo.bench;

import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What a worker costs before and between tasks, started through {@code ./wvo} as a user starts it:
 *
 * <ul>
 *   <li>start to first claim: from starting {@code wvo worker} to the claim it writes in the roadmap
 *       ({@code claimed_at}), for one worker alone and for four started at once;</li>
 *   <li>idle: a worker with nothing to run, once settled: its CPU time over a minute (as a share of
 *       one core) and its resident memory, from {@code /proc}.</li>
 * </ul>
 *
 * <p>The roadmap is 8 independent tasks, unless {@code --tasks N} asks for the generated roadmap of
 * N tasks the other harnesses use ({@link GeneratedRoadmap}, 10,000 tasks are 2 MB of YAML): then
 * the workers also log their garbage collections, and the figures include them and the CPU of the
 * VM thread (which runs the serial collector).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.WorkerStartupBenchmark [--rounds 5] [--settle-seconds 20]
 *     [--idle-seconds 60] [--tasks N] [--wvo ./wvo]</pre>
 */
public final class WorkerStartupBenchmark {

    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);
    /** Linux counts CPU time in ticks of 10 ms ({@code getconf CLK_TCK} = 100). */
    private static final double MILLIS_PER_TICK = 10;
    /** The columns of a start's sample. */
    private static final int WALL = 0;
    private static final int CPU = 1;
    private static final int MAIN_CPU = 2;
    private static final int VM_THREAD_CPU = 3;
    private static final int COLLECTIONS = 4;
    private static final int FULL_COLLECTIONS = 5;
    private static final int PAUSED = 6;

    /** The generated roadmap's size, or 0 for the 8 independent tasks. */
    private final int tasks;
    private final Path wvo;

    private WorkerStartupBenchmark(int tasks, Path wvo) {
        this.tasks = tasks;
        this.wvo = wvo;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int rounds = a.integer("rounds", 5);
        int settle = a.integer("settle-seconds", 20);
        int idle = a.integer("idle-seconds", 60);
        int tasks = a.integer("tasks", 0);
        Path wvo = Launcher.find(a.text("wvo", "./wvo"));
        Launcher.awaitClassDataArchives(wvo);
        MachineDescription.print("WorkerStartupBenchmark: " + rounds + " rounds"
                + (tasks > 0 ? ", generated roadmap of " + tasks + " tasks" : ""), BenchDirectory.root());
        new WorkerStartupBenchmark(tasks, wvo).run(rounds, settle, idle);
    }

    private void run(int rounds, int settle, int idle) throws Exception {
        List<long[]> alone = new ArrayList<>();
        List<long[]> together = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            alone.addAll(startToFirstClaim(1));
            together.addAll(startToFirstClaim(4));
        }
        MachineDescription.printLoad("after the start-up rounds");
        System.out.println("start to first claim, alone:          " + column(alone, WALL) + "   (target: <= 600 ms)");
        System.out.println("start to first claim, four at once:   " + column(together, WALL));
        System.out.println("CPU to first claim, alone:            " + column(alone, CPU));
        System.out.println("CPU to first claim, four at once:     " + column(together, CPU));
        System.out.println("main thread's CPU to first claim, alone: " + column(alone, MAIN_CPU)
                + "   (the start's critical path when a second core is free)");
        if (tasks > 0) {
            System.out.println("VM thread's CPU to first claim, alone: " + column(alone, VM_THREAD_CPU)
                    + "   (the serial collector's pauses)");
            System.out.println("collections to first claim, alone:    " + count(alone, COLLECTIONS) + ", of them full: "
                    + count(alone, FULL_COLLECTIONS) + "; paused " + column(alone, PAUSED));
            System.out.println("collections to first claim, four at once: " + count(together, COLLECTIONS)
                    + ", of them full: " + count(together, FULL_COLLECTIONS) + "; paused " + column(together, PAUSED));
        }
        idleCost(settle, idle);
    }

    private static String column(List<long[]> samples, int column) {
        return Percentiles.of(samples.stream().mapToLong(s -> s[column]).toArray()).toMillis();
    }

    private static String count(List<long[]> samples, int column) {
        Percentiles p = Percentiles.of(samples.stream().mapToLong(s -> s[column]).toArray());
        return "p50=" + p.p50() + " max=" + p.max();
    }

    /**
     * Starts {@code workers} workers at once on fresh state; for each, how long it took to its
     * first claim, the CPU time its process had used when the claim was seen (it then waits for
     * its task's process), and the CPU time of its main thread ({@code java}) then, in ns.
     */
    private List<long[]> startToFirstClaim(int workers) throws Exception {
        Path dir = BenchDirectory.create("worker-start-");
        Path state = prepare(dir, "pending", "sleep 600");
        List<Process> started = new ArrayList<>();
        Instant t0 = Instant.now();
        for (int i = 1; i <= workers; i++) {
            started.add(worker(dir, state, "w" + i));
        }
        List<long[]> latencies = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                Process worker = started.get(i - 1);
                Instant claimed = awaitClaim(state.resolve("roadmap.yaml"), "w" + i, worker, dir);
                Map<String, Double> threads = ThreadCpu.byThreadName(worker.pid());
                GcLog gc = GcLog.read(gcLog(dir, "w" + i));
                latencies.add(new long[] {Duration.between(t0, claimed).toNanos(),
                        (long) (cpuTicks(worker.pid()) * MILLIS_PER_TICK * 1_000_000),
                        (long) (threads.getOrDefault("java", 0.0) * 1_000_000),
                        (long) (threads.getOrDefault("VM Thread", 0.0) * 1_000_000),
                        gc.pauses(), gc.fullPauses(), (long) (gc.pauseMillis() * 1_000_000)});
            }
        } finally {
            stop(started);
        }
        BenchDirectory.delete(dir);
        return latencies;
    }

    /** A worker with nothing to run: CPU over {@code seconds} after {@code settle} seconds, and RSS. */
    private void idleCost(int settle, int seconds) throws Exception {
        Path dir = BenchDirectory.create("worker-idle-");
        Path state = prepare(dir, "done", "true");
        Process worker = worker(dir, state, "idle");
        try {
            Thread.sleep(settle * 1000L);
            long pid = worker.pid();
            long before = cpuTicks(pid);
            Map<String, Double> threadsBefore = ThreadCpu.byThreadName(pid);
            Thread.sleep(seconds * 1000L);
            long after = cpuTicks(pid);
            Map<String, Double> threadsAfter = ThreadCpu.byThreadName(pid);
            if (!worker.isAlive()) {
                throw new IllegalStateException("the idle worker exited; see " + dir);
            }
            double cpuMillis = (after - before) * MILLIS_PER_TICK;
            MachineDescription.printLoad("after the idle minute");
            System.out.printf(Locale.ROOT, "idle worker: %.2f CPU-s over %d s = %.3f %% of one core   (target: <= 0.5 %%)%n",
                    cpuMillis / 1000, seconds, cpuMillis / (seconds * 1000.0) * 100);
            System.out.println("idle worker threads: " + ThreadCpu.perSecond(threadsBefore, threadsAfter, seconds));
            System.out.println("idle worker memory: " + memory(pid) + "   (target: RSS <= 70 MB)");
            if (tasks > 0) {
                System.out.println("idle worker heap: " + GcLog.read(gcLog(dir, "idle")));
            }
        } finally {
            stop(List.of(worker));
        }
        BenchDirectory.delete(dir);
    }

    /**
     * A state directory with 8 independent tasks of {@code status} running {@code command}, or the
     * generated roadmap: all done, or a third done and the rest waiting, every task running {@code command}.
     */
    private Path prepare(Path dir, String status, String command) throws Exception {
        Files.writeString(dir.resolve("roadmap.yaml"),
                tasks > 0 ? GeneratedRoadmap.of(tasks, status.equals("done"), command) : independentTasks(status, command));
        Path state = dir.resolve("state");
        Launcher.run(wvo, "init", "--from", dir.resolve("roadmap.yaml").toString(), "--state", state.toString());
        Files.createDirectories(dir.resolve("work"));
        return state;
    }

    private static String independentTasks(String status, String command) {
        StringBuilder yaml = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < 8; i++) {
            yaml.append("  - id: T").append(i).append("\n    title: Task ").append(i).append("\n    status: ").append(status)
                    .append("\n    owns: [out/").append(i).append("]\n    command: ").append(command).append('\n');
        }
        return yaml.toString();
    }

    private Process worker(Path dir, Path state, String id) throws IOException {
        ProcessBuilder worker = new ProcessBuilder(wvo.toString(), "worker", "--state", state.toString(), "--id", id,
                "--agent", "shell", "--workdir", dir.resolve("work").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile());
        if (tasks > 0) {
            // the launcher's own JVM options stay as they are; the JVM adds these to them
            worker.environment().put("JAVA_TOOL_OPTIONS", GcLog.option(gcLog(dir, id)));
        }
        return worker.start();
    }

    private static Path gcLog(Path dir, String worker) {
        return dir.resolve(worker + "-gc.log");
    }

    /**
     * When the worker's claim was written: its {@code claimed_at} in the roadmap. The roadmap is read
     * again only when it was replaced or changed: on the 10,000-task roadmap a read is ~2 MB of YAML,
     * and reading it every 5 ms took CPU from the workers being timed on a machine of two cores.
     */
    private static Instant awaitClaim(Path roadmap, String worker, Process process, Path dir) throws Exception {
        long deadline = System.nanoTime() + CLAIM_TIMEOUT.toNanos();
        List<Object> seen = List.of();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + worker + " exited with " + process.exitValue() + "; see " + dir);
            }
            List<Object> version = versionOf(roadmap);
            if (!version.equals(seen)) {
                Optional<Instant> at = claimOf(roadmap, worker);
                if (at.isPresent()) {
                    return at.get();
                }
                seen = version;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("worker " + worker + " claimed nothing within " + CLAIM_TIMEOUT + "; see " + dir);
    }

    /**
     * The file at {@code path} as far as its attributes tell: a write replaces the roadmap by a new
     * file (another inode), and the time stamp and size tell an edit in place; empty if it is gone.
     */
    private static List<Object> versionOf(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static Optional<Instant> claimOf(Path roadmap, String worker) {
        try {
            return RoadmapReader.read(roadmap).tasks().stream().map(RoadmapTask::claim)
                    .filter(c -> c != null && c.worker().equals(worker)).map(Claim::claimedAt).findFirst();
        } catch (RoadmapException e) {
            return Optional.empty(); // replaced while we read it: look again
        }
    }

    /**
     * SIGTERM, as Ctrl-C: the worker gives its task back and exits. One still running after 10 s is
     * said so, and killed after a minute (the worker's own grace for a stop is 30 s).
     */
    private static void stop(List<Process> workers) throws InterruptedException {
        workers.forEach(Process::destroy);
        for (Process p : workers) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                System.out.println("# worker pid " + p.pid() + " still runs 10 s after its SIGTERM: waiting up to 50 s more");
                if (!p.waitFor(50, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    System.out.println("# worker pid " + p.pid() + " killed: it did not end within a minute of its SIGTERM");
                }
            }
        }
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    /** VmRSS and the proportional set size (shared pages divided among their users), from /proc. */
    private static String memory(long pid) throws IOException {
        String rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        Path rollup = Path.of("/proc", Long.toString(pid), "smaps_rollup");
        String pss = Files.isReadable(rollup) ? Files.readAllLines(rollup).stream().filter(l -> l.startsWith("Pss:"))
                .findFirst().orElse("Pss: ?").replaceAll("\\s+", " ") : "Pss: ?";
        return rss + ", " + pss;
    }
}
