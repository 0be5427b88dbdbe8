package dev.wvo.bench;

import dev.wvo.cli.shell.WorkerLauncher;

import dev.wvo.fs.StateDir;
import dev.wvo.roadmap.RoadmapCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Claim and complete on a big roadmap with several workers claiming at once. Each worker is a JVM
 * of its own ({@link ClaimContentionWorker}, started with the options the {@code wvo} launcher
 * gives a worker) going through the same {@code Scheduler} calls as {@code wvo worker}, on one
 * state directory. In each round every worker is told to claim at the same moment, and when all
 * have claimed, to complete at the same moment; so each call may wait behind the others' for the
 * roadmap lock, as calls of workers that start or finish together do. Latency is the call's time
 * in the worker, lock wait included. The first rounds warm the JVMs up and are not counted.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.ClaimContentionBenchmark [--tasks 10000] [--warnings 0] [--stray 0] [--flow 0] [--workers 4]
 *     [--rounds 60] [--warmup 20] [--jvm "JVM OPTIONS"] [--jfr DIRECTORY]</pre>
 *
 * <p>{@code --jfr} records each worker with Flight Recorder's profiling settings into
 * {@code DIRECTORY/workerN.jfr} (warm-up included), to see where a waiting worker's CPU goes.
 * Besides the calls' figures it prints the worker JVMs' CPU per claim + complete, of all their
 * threads and by thread name (the calling threads, the file watcher's, the compiler's, the
 * collector's), over the measured rounds; and where the calls' time went, their holds of the roadmap
 * lock laid end to end by fencing token: each hold's wall time split into CPU, waiting for a core
 * and blocked (on the disk, or in the JVM's pauses), the hand-off to the next holder, the CPU a call
 * spends waiting before its hold, and its time after the release.
 */
public final class ClaimContentionBenchmark {

    /** What the {@code wvo} launcher gives the JVM of {@code wvo worker} (its one home in Java, checked against the launcher). */
    static final String WORKER_JVM_OPTIONS = String.join(" ", WorkerLauncher.Kind.WORKER.jvmOptions());
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private ClaimContentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int tasks = a.integer("tasks", 10_000);
        int warnings = a.integer("warnings", 0); // tasks with a status wvo does not run, as real roadmaps have
        int stray = a.integer("stray", 0); // entries of the task list that are not tasks (no id)
        int flow = a.integer("flow", 0); // pending tasks written in flow style, {id: ..., ...}
        int workers = a.integer("workers", 4);
        int rounds = a.integer("rounds", 60);
        int warmup = a.integer("warmup", 20);
        List<String> jvm = List.of(a.text("jvm", WORKER_JVM_OPTIONS).trim().split("\\s+"));
        String jfr = a.text("jfr", "");
        Path state = BenchDirectory.create("claim-contention-");
        Files.writeString(state.resolve("roadmap.yaml"), GeneratedRoadmap.withWarnings(tasks, warnings, stray, flow));
        // kept as `wvo init` keeps a roadmap it writes: the workers' first reads take it from there
        new RoadmapCache(state.resolve("roadmap.yaml"), new StateDir(state).roadmapCache()).read();
        MachineDescription.print("ClaimContentionBenchmark: " + workers + " workers claiming at once on a roadmap of "
                + tasks + " tasks (" + Files.size(state.resolve("roadmap.yaml")) / 1024 + " KB, " + warnings + " with a warning, " + stray + " entries that are not tasks, " + flow + " in flow style), " + rounds
                + " rounds after " + warmup + ", JVM options " + jvm, state);

        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                List<String> options = new ArrayList<>(jvm);
                if (!jfr.isEmpty()) {
                    Files.createDirectories(Path.of(jfr));
                    options.add("-XX:StartFlightRecording=settings=profile,filename="
                            + Path.of(jfr, "worker" + i + ".jfr").toAbsolutePath());
                }
                ChildJvm child = ChildJvm.start("worker" + i, options, ClaimContentionWorker.class,
                        List.of(state.toString(), "worker" + i));
                children.add(child);
            }
            for (ChildJvm child : children) {
                child.await("ready", CALL_TIMEOUT);
            }
            long[][] claims = new long[2][rounds * workers];      // wall, CPU
            long[][] completions = new long[2][rounds * workers];
            int none = 0;
            long[] processCpuAtStart = new long[workers];
            long[] processCpuAtEnd = new long[workers];
            Map<String, Double> threadsAtStart = Map.of();
            List<Call> calls = new ArrayList<>();
            for (int round = 0; round < warmup + rounds; round++) {
                if (round == Math.max(warmup, 1)) {
                    threadsAtStart = threadCpu(children);
                }
                List<String> claimed = everyone(children, "claim", "claimed ");
                List<String> completed = everyone(children, "complete", "completed ");
                for (int w = 0; w < workers; w++) {
                    String[] c = claimed.get(w).split(" ");
                    String[] d = completed.get(w).split(" ");
                    none += c[3].equals("-") ? 1 : 0;
                    long processCpu = Long.parseLong(d[4]);
                    if (round == warmup - 1 || (warmup == 0 && round == 0)) {
                        processCpuAtStart[w] = processCpu;
                    }
                    processCpuAtEnd[w] = processCpu;
                    if (round >= warmup) {
                        int at = (round - warmup) * workers + w;
                        for (int kind = 0; kind < 2; kind++) {
                            claims[kind][at] = Long.parseLong(c[1 + kind]);
                            completions[kind][at] = Long.parseLong(d[1 + kind]);
                        }
                        calls.add(Call.of(c, 4));
                        calls.add(Call.of(d, 5));
                    }
                }
            }
            Map<String, Double> threadsAtEnd = threadCpu(children);
            for (ChildJvm child : children) {
                child.send("quit");
                child.awaitExit(CALL_TIMEOUT);
            }
            MachineDescription.printLoad("at the end");
            System.out.println("claim     " + Percentiles.of(claims[0]).toMillis());
            System.out.println("complete  " + Percentiles.of(completions[0]).toMillis());
            System.out.println("both      " + Percentiles.of(concat(claims[0], completions[0])).toMillis()
                    + "   (target: p50 <= 25 ms, p99 <= 80 ms)");
            printTimeline(calls);
            System.out.println("CPU of the calling thread, claim:    " + Percentiles.of(claims[1]).toMillis());
            System.out.println("CPU of the calling thread, complete: " + Percentiles.of(completions[1]).toMillis());
            long processCpu = 0;
            for (int w = 0; w < workers; w++) {
                processCpu += processCpuAtEnd[w] - processCpuAtStart[w];
            }
            int measured = warmup == 0 ? rounds - 1 : rounds;
            System.out.printf("CPU of the worker JVMs, all threads, per claim + complete: %.1f ms%n",
                    processCpu / 1e6 / ((double) measured * workers));
            System.out.println("… by thread (10 ms ticks, the worker JVMs summed): "
                    + ThreadCpu.per(threadsAtStart, threadsAtEnd, (double) measured * workers, "ms per claim + complete"));
            if (none > 0) {
                System.out.println("# " + none + " claims found nothing runnable: the roadmap ran short of runnable tasks");
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        BenchDirectory.delete(state);
    }

    /**
     * One call as its worker reported it, on the machine's monotonic clock.
     *
     * @param token the roadmap lock's fencing token of its hold, or -1 if it held none
     */
    private record Call(long start, long end, long token, long acquired, long releasing, long released,
                        long heldCpu, long heldRunnable, long cpuBefore) {

        static Call of(String[] report, int from) {
            long[] f = new long[9];
            for (int i = 0; i < 9; i++) {
                f[i] = Long.parseLong(report[from + i]);
            }
            return new Call(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]);
        }
    }

    /**
     * Where the calls' time went, with their holds of the roadmap lock laid end to end by token: a
     * hold's wall time against its CPU (the difference is the holder waiting for a core, or blocked
     * on the disk or in a pause of its JVM), the hand-off from one release to the next holder's acquire when that holder was
     * already waiting, and the time a call spends after its release (the state directory's
     * {@code fsync}, the replaced backup's removal).
     */
    private static void printTimeline(List<Call> calls) {
        List<Call> held = calls.stream().filter(c -> c.token() >= 0).sorted((a, b) -> Long.compare(a.token(), b.token()))
                .toList();
        if (held.isEmpty()) {
            return;
        }
        long[] wall = held.stream().mapToLong(c -> c.released() - c.acquired()).toArray();
        long[] cpu = held.stream().mapToLong(Call::heldCpu).toArray();
        long[] runnable = held.stream().mapToLong(Call::heldRunnable).toArray();
        long[] blocked = held.stream().mapToLong(c -> c.released() - c.acquired() - c.heldCpu() - c.heldRunnable())
                .toArray();
        long[] release = held.stream().mapToLong(c -> c.released() - c.releasing()).toArray();
        long[] after = held.stream().mapToLong(c -> c.end() - c.released()).toArray();
        List<Long> handoffs = new ArrayList<>();
        for (int i = 1; i < held.size(); i++) {
            Call before = held.get(i - 1);
            Call next = held.get(i);
            if (next.token() == before.token() + 1 && next.start() < before.releasing()) {
                handoffs.add(next.acquired() - before.released());
            }
        }
        System.out.println("roadmap lock held, wall:   " + Percentiles.of(wall).toMillis());
        System.out.println("roadmap lock held, CPU:    " + Percentiles.of(cpu).toMillis());
        System.out.println("… waiting for a core:      " + Percentiles.of(runnable).toMillis());
        System.out.println("… blocked (disk, pauses):  " + Percentiles.of(blocked).toMillis());
        System.out.println("… of which the release:    " + Percentiles.of(release).toMillis());
        if (!handoffs.isEmpty()) {
            System.out.println("hand-off to a waiter:      "
                    + Percentiles.of(handoffs.stream().mapToLong(Long::longValue).toArray()).toMillis());
        }
        System.out.println("call after its release:    " + Percentiles.of(after).toMillis());
        System.out.println("CPU before the hold:       "
                + Percentiles.of(held.stream().mapToLong(Call::cpuBefore).toArray()).toMillis());
    }

    /** CPU per thread name of the worker JVMs together, taken while they wait for a command. */
    private static Map<String, Double> threadCpu(List<ChildJvm> children) {
        return ThreadCpu.summed(children.stream().map(c -> ThreadCpu.byThreadName(c.pid())).toList());
    }

    private static long[] concat(long[] a, long[] b) {
        long[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** Sends {@code command} to every worker at once, then collects each one's report, in worker order. */
    private static List<String> everyone(List<ChildJvm> children, String command, String report) {
        children.forEach(c -> c.send(command));
        List<String> lines = new ArrayList<>();
        for (ChildJvm child : children) {
            lines.add(child.await(report, CALL_TIMEOUT));
        }
        return lines;
    }
}
