package dev.wvo.bench;

import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.Claim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.WorkerStartupBenchmark [--rounds 5] [--settle-seconds 20]
 *     [--idle-seconds 60] [--wvo ./wvo]</pre>
 */
public final class WorkerStartupBenchmark {

    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(2);
    /** Linux counts CPU time in ticks of 10 ms ({@code getconf CLK_TCK} = 100). */
    private static final double MILLIS_PER_TICK = 10;

    private WorkerStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int rounds = a.integer("rounds", 5);
        int settle = a.integer("settle-seconds", 20);
        int idle = a.integer("idle-seconds", 60);
        Path wvo = Launcher.find(a.text("wvo", "./wvo"));
        Launcher.awaitClassDataArchives(wvo);
        MachineDescription.print("WorkerStartupBenchmark: " + rounds + " rounds", BenchDirectory.root());

        List<long[]> alone = new ArrayList<>();
        List<long[]> together = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            alone.addAll(startToFirstClaim(wvo, 1));
            together.addAll(startToFirstClaim(wvo, 4));
        }
        MachineDescription.printLoad("after the start-up rounds");
        System.out.println("start to first claim, alone:          " + column(alone, 0) + "   (target: <= 600 ms)");
        System.out.println("start to first claim, four at once:   " + column(together, 0));
        System.out.println("CPU to first claim, alone:            " + column(alone, 1));
        System.out.println("CPU to first claim, four at once:     " + column(together, 1));
        System.out.println("main thread's CPU to first claim, alone: " + column(alone, 2)
                + "   (the start's critical path when a second core is free)");
        idleCost(wvo, settle, idle);
    }

    private static String column(List<long[]> samples, int column) {
        return Percentiles.of(samples.stream().mapToLong(s -> s[column]).toArray()).toMillis();
    }

    /**
     * Starts {@code workers} workers at once on fresh state; for each, how long it took to its
     * first claim, the CPU time its process had used when the claim was seen (it then waits for
     * its task's process), and the CPU time of its main thread ({@code java}) then, in ns.
     */
    private static List<long[]> startToFirstClaim(Path wvo, int workers) throws Exception {
        Path dir = BenchDirectory.create("worker-start-");
        Path state = prepare(wvo, dir, "pending", "sleep 600");
        List<Process> started = new ArrayList<>();
        Instant t0 = Instant.now();
        for (int i = 1; i <= workers; i++) {
            started.add(worker(wvo, dir, state, "w" + i));
        }
        List<long[]> latencies = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                Process worker = started.get(i - 1);
                Instant claimed = awaitClaim(state.resolve("roadmap.yaml"), "w" + i, worker, dir);
                latencies.add(new long[] {Duration.between(t0, claimed).toNanos(),
                        (long) (cpuTicks(worker.pid()) * MILLIS_PER_TICK * 1_000_000),
                        (long) (ThreadCpu.byThreadName(worker.pid()).getOrDefault("java", 0.0) * 1_000_000)});
            }
        } finally {
            stop(started);
        }
        BenchDirectory.delete(dir);
        return latencies;
    }

    /** A worker with nothing to run: CPU over {@code seconds} after {@code settle} seconds, and RSS. */
    private static void idleCost(Path wvo, int settle, int seconds) throws Exception {
        Path dir = BenchDirectory.create("worker-idle-");
        Path state = prepare(wvo, dir, "done", "true");
        Process worker = worker(wvo, dir, state, "idle");
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
        } finally {
            stop(List.of(worker));
        }
        BenchDirectory.delete(dir);
    }

    /** A state directory with 8 independent tasks of {@code status} running {@code command}. */
    private static Path prepare(Path wvo, Path dir, String status, String command) throws Exception {
        StringBuilder yaml = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < 8; i++) {
            yaml.append("  - id: T").append(i).append("\n    title: Task ").append(i).append("\n    status: ").append(status)
                    .append("\n    owns: [out/").append(i).append("]\n    command: ").append(command).append('\n');
        }
        Files.writeString(dir.resolve("roadmap.yaml"), yaml.toString());
        Path state = dir.resolve("state");
        Launcher.run(wvo, "init", "--from", dir.resolve("roadmap.yaml").toString(), "--state", state.toString());
        Files.createDirectories(dir.resolve("work"));
        return state;
    }

    private static Process worker(Path wvo, Path dir, Path state, String id) throws IOException {
        return new ProcessBuilder(wvo.toString(), "worker", "--state", state.toString(), "--id", id, "--agent", "shell",
                "--workdir", dir.resolve("work").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve(id + ".log").toFile()).start();
    }

    /** When the worker's claim was written: its {@code claimed_at} in the roadmap. */
    private static Instant awaitClaim(Path roadmap, String worker, Process process, Path dir) throws Exception {
        long deadline = System.nanoTime() + CLAIM_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("worker " + worker + " exited with " + process.exitValue() + "; see " + dir);
            }
            Optional<Instant> at = claimOf(roadmap, worker);
            if (at.isPresent()) {
                return at.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("worker " + worker + " claimed nothing within " + CLAIM_TIMEOUT + "; see " + dir);
    }

    private static Optional<Instant> claimOf(Path roadmap, String worker) {
        try {
            return RoadmapReader.read(roadmap).tasks().stream().map(RoadmapTask::claim)
                    .filter(c -> c != null && c.worker().equals(worker)).map(Claim::claimedAt).findFirst();
        } catch (RoadmapException e) {
            return Optional.empty(); // replaced while we read it: look again
        }
    }

    /** SIGTERM, as Ctrl-C: the worker gives its task back and exits. */
    private static void stop(List<Process> workers) throws InterruptedException {
        workers.forEach(Process::destroy);
        for (Process p : workers) {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
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
