package dev.wvo.bench;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapCache;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.AttemptEnd;
import dev.wvo.schedule.Claimant;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Completion;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.WorkerPresence;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The CPU of one claim and one completion on a big roadmap, with the noise of other processes
 * kept out: N workers' schedulers (each with its own roadmap store, as N worker processes have)
 * in this one JVM take turns, all claim, then all complete, so every transaction reads a roadmap
 * the others changed, as under {@link ClaimContentionBenchmark}. Run it with the worker's JVM
 * options ({@code -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms8m}) to see what a worker pays,
 * and with {@code -XX:StartFlightRecording=filename=claims.jfr,settings=profile} for where it goes
 * (it prints when the measured rounds start, to cut the warm-up out of the profile).
 * It also prints the bytes the calling thread allocated per transaction (the garbage the collector
 * pays for), and the CPU it spent holding the roadmap lock: what every worker queued for the lock
 * waits for, where the call's CPU also counts what it does before taking the lock.
 * {@code --owned-before N} first takes and releases the ownership locks of N paths, as the tasks
 * done before would have: {@code locks/} then holds their guard files, as it does late in a run.
 *
 * <pre>java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xms8m -cp bench/target/benchmarks.jar
 *     dev.wvo.bench.ClaimCpuBenchmark [--tasks 10000] [--warnings 0] [--stray 0] [--flow 0] [--workers 4] [--rounds 40] [--warmup 10] [--owned-before 0]</pre>
 */
public final class ClaimCpuBenchmark {

    private ClaimCpuBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int tasks = a.integer("tasks", 10_000);
        int warnings = a.integer("warnings", 0); // tasks with a status wvo does not run, as real roadmaps have
        int stray = a.integer("stray", 0); // entries of the task list that are not tasks (no id)
        int flow = a.integer("flow", 0); // pending tasks written in flow style, {id: ..., ...}
        int workers = a.integer("workers", 4);
        int rounds = a.integer("rounds", 40);
        int warmup = a.integer("warmup", 10);
        int ownedBefore = a.integer("owned-before", 0);
        Path state = BenchDirectory.create("claim-cpu-");
        Files.writeString(state.resolve("roadmap.yaml"), GeneratedRoadmap.withWarnings(tasks, warnings, stray, flow));
        // kept as `wvo init` keeps a roadmap it writes: the stores' first reads take it from there
        new RoadmapCache(state.resolve("roadmap.yaml"), new StateDir(state).roadmapCache()).read();
        MachineDescription.print("ClaimCpuBenchmark: " + workers + " schedulers in one JVM taking turns on a roadmap of "
                + tasks + " tasks (" + Files.size(state.resolve("roadmap.yaml")) / 1024 + " KB, " + warnings + " with a warning, " + stray + " entries that are not tasks, " + flow + " in flow style), " + rounds
                + " rounds after " + warmup + ", " + ownedBefore + " paths owned before, JVM options " + ManagementFactory.getRuntimeMXBean().getInputArguments(),
                state);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // the garbage each transaction leaves is what the collector pays for beside it, without noise
        com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
        long[][] claims = new long[4][rounds * workers];      // wall, CPU, bytes allocated, CPU holding the roadmap lock
        long[][] completions = new long[4][rounds * workers];
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner("claim-cpu")
                .listener(new QuietLockListener()).build()) {
            for (int i = 0; i < ownedBefore; i++) {
                locks.tryAcquire("owns:src/done/file" + i + ".ts", LockMode.EXCLUSIVE).orElseThrow().release();
            }
            Scheduler[] schedulers = new Scheduler[workers];
            LockHandle[] presences = new LockHandle[workers];
            HeldLockCpu held = new HeldLockCpu(locks, RoadmapStore.LOCK);
            for (int w = 0; w < workers; w++) {
                presences[w] = new WorkerPresence(locks).register("worker" + w).orElseThrow();
                schedulers[w] = new Scheduler(new RoadmapBoardStore(new RoadmapStore(new StateDir(state), held)), locks,
                        Clock.systemUTC());
            }
            for (int round = 0; round < warmup + rounds; round++) {
                if (round == warmup) {
                    System.out.println("# measured rounds from " + Instant.now());
                }
                ClaimedTask[] claimed = new ClaimedTask[workers];
                for (int w = 0; w < workers; w++) {
                    long start = System.nanoTime();
                    long cpu = threads.getCurrentThreadCpuTime();
                    long allocated = allocation.getCurrentThreadAllocatedBytes();
                    held.takeHeld();
                    claimed[w] = schedulers[w].claimNext(Claimant.of(presences[w])).claimed()
                            .orElseThrow(() -> new IllegalStateException("nothing runnable: use more --tasks"));
                    record(claims, round - warmup, workers, w, System.nanoTime() - start,
                            threads.getCurrentThreadCpuTime() - cpu, allocation.getCurrentThreadAllocatedBytes() - allocated,
                            held.takeHeld());
                }
                for (int w = 0; w < workers; w++) {
                    long start = System.nanoTime();
                    long cpu = threads.getCurrentThreadCpuTime();
                    long allocated = allocation.getCurrentThreadAllocatedBytes();
                    held.takeHeld();
                    schedulers[w].complete(claimed[w], AttemptEnd.of(Completion.DONE, "benchmark"));
                    record(completions, round - warmup, workers, w, System.nanoTime() - start,
                            threads.getCurrentThreadCpuTime() - cpu, allocation.getCurrentThreadAllocatedBytes() - allocated,
                            held.takeHeld());
                }
            }
            for (LockHandle presence : presences) {
                presence.release();
            }
        }
        MachineDescription.printLoad("at the end");
        System.out.println("CPU of the calling thread, claim:    " + Percentiles.of(claims[1]).toMillis());
        System.out.println("CPU of the calling thread, complete: " + Percentiles.of(completions[1]).toMillis());
        System.out.println("… of it holding the roadmap lock, claim:    " + Percentiles.of(claims[3]).toMillis());
        System.out.println("… of it holding the roadmap lock, complete: " + Percentiles.of(completions[3]).toMillis());
        System.out.println("wall (one at a time), claim:         " + Percentiles.of(claims[0]).toMillis());
        System.out.println("wall (one at a time), complete:      " + Percentiles.of(completions[0]).toMillis());
        System.out.printf("allocated by the calling thread, p50: claim %.1f MB, complete %.1f MB%n",
                Percentiles.of(claims[2]).p50() / 1e6, Percentiles.of(completions[2]).p50() / 1e6);
        BenchDirectory.delete(state);
    }

    private static void record(long[][] samples, int round, int workers, int worker, long wall, long cpu, long allocated,
                               long heldCpu) {
        if (round >= 0) {
            samples[0][round * workers + worker] = wall;
            samples[1][round * workers + worker] = cpu;
            samples[2][round * workers + worker] = allocated;
            samples[3][round * workers + worker] = heldCpu;
        }
    }
}
