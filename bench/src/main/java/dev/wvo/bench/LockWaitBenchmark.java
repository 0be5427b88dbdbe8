package dev.wvo.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What waiting for the roadmap lock costs the waiters, without the roadmap: {@code --workers}
 * JVMs (the worker's JVM options) take one exclusive lock in turns, as fast as they can, each
 * holding it for {@code --hold-ms} of CPU (about a claim's), so that every {@code acquire()}
 * waits behind the others as the claims of {@link ClaimContentionBenchmark} do. Reported: the
 * calling thread's CPU per {@code acquire()} (the attempts and the look-ups between them), and
 * the whole JVM's CPU per round beyond the hold (acquire, release, file watcher, heartbeat,
 * compiler, collector), and each process's waits (wall): with no queue among exclusive waiters,
 * how evenly the lock goes round, and the longest any one process waited. And the hand-off, from
 * the moment a holder calls {@code release()} to the moment the next holder's {@code acquire()}
 * returns (consecutive fencing tokens, on the machine's shared real-time clock), beside each
 * hold's wall time (8 ms of CPU take longer when the holder's thread is descheduled): a process's
 * wait is three holds and four hand-offs. A warm-up run comes first and is not counted.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.LockWaitBenchmark [--workers 4] [--rounds 200]
 *     [--warmup 50] [--hold-ms 8] [--jvm "JVM OPTIONS"]</pre>
 */
public final class LockWaitBenchmark {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private LockWaitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int workers = a.integer("workers", 4);
        int rounds = a.integer("rounds", 200);
        int warmup = a.integer("warmup", 50);
        int holdMs = a.integer("hold-ms", 8);
        List<String> jvm = List.of(a.text("jvm", ClaimContentionBenchmark.WORKER_JVM_OPTIONS).trim().split("\\s+"));
        Path dir = BenchDirectory.create("lock-wait-");
        MachineDescription.print("LockWaitBenchmark: " + workers + " processes taking one lock in turns, holding it "
                + holdMs + " ms of CPU, " + rounds + " rounds each after " + warmup + ", JVM options " + jvm, dir);
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                children.add(ChildJvm.start("worker" + i, jvm, LockWaitWorker.class,
                        List.of(dir.resolve("locks").toString(), "worker" + i)));
            }
            for (ChildJvm child : children) {
                child.await("ready", TIMEOUT);
            }
            everyone(children, "run " + warmup + " " + holdMs);
            List<String> reports = everyone(children, "run " + rounds + " " + holdMs);
            children.forEach(c -> c.send("quit"));
            for (ChildJvm child : children) {
                child.awaitExit(TIMEOUT);
            }
            MachineDescription.printLoad("at the end");
            long[] waits = new long[workers * rounds];
            Map<Long, long[]> byToken = new HashMap<>(); // token -> {acquired at, release called at}
            long processCpu = 0;
            for (int w = 0; w < workers; w++) {
                String[] words = reports.get(w).split(" ");
                processCpu += Long.parseLong(words[1]);
                long[] walls = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    String[] fields = words[2 + i].split(",");
                    waits[w * rounds + i] = Long.parseLong(fields[0]);
                    walls[i] = Long.parseLong(fields[1]);
                    byToken.put(Long.parseLong(fields[2]), new long[] {Long.parseLong(fields[3]), Long.parseLong(fields[4])});
                }
                System.out.println("worker" + (w + 1) + " waited (wall) " + Percentiles.of(walls).toMillis());
            }
            List<Long> handoffs = new ArrayList<>();
            List<Long> holds = new ArrayList<>();
            for (Map.Entry<Long, long[]> e : byToken.entrySet()) {
                holds.add(e.getValue()[1] - e.getValue()[0]);
                long[] next = byToken.get(e.getKey() + 1);
                if (next != null) {
                    handoffs.add(next[0] - e.getValue()[1]);
                }
            }
            System.out.println("hand-off, release() called -> next acquire() returned (n = " + handoffs.size() + "): "
                    + Percentiles.of(handoffs.stream().mapToLong(Long::longValue).toArray()).toMillis());
            System.out.println("hold (wall) of " + holdMs + " ms of CPU: "
                    + Percentiles.of(holds.stream().mapToLong(Long::longValue).toArray()).toMillis());
            System.out.println("CPU of the calling thread per acquire(): " + Percentiles.of(waits).toMillis());
            System.out.printf("CPU of the JVMs per round beyond the hold: %.2f ms; acquire() mean %.2f ms%n",
                    processCpu / 1e6 / (workers * rounds) - holdMs, Arrays.stream(waits).average().orElse(0) / 1e6);
        } finally {
            children.forEach(ChildJvm::close);
        }
        BenchDirectory.delete(dir);
    }

    /** Sends {@code command} to every process at once and collects each one's report, in order. */
    private static List<String> everyone(List<ChildJvm> children, String command) {
        children.forEach(c -> c.send(command));
        List<String> reports = new ArrayList<>();
        for (ChildJvm child : children) {
            reports.add(child.await("done ", TIMEOUT));
        }
        return reports;
    }
}
