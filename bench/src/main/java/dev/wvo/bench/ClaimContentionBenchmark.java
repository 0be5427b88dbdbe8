package dev.wvo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Claim and complete on a big roadmap with several workers claiming at once. Each worker is a JVM
 * of its own ({@link ClaimContentionWorker}, started with the options the {@code wvo} launcher
 * gives a worker) going through the same {@code Scheduler} calls as {@code wvo worker}, on one
 * state directory. In each round every worker is told to claim at the same moment, and when all
 * have claimed, to complete at the same moment; so each call may wait behind the others' for the
 * roadmap lock, as calls of workers that start or finish together do. Latency is the call's time
 * in the worker, lock wait included. The first rounds warm the JVMs up and are not counted.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.ClaimContentionBenchmark [--tasks 10000] [--workers 4]
 *     [--rounds 60] [--warmup 20] [--jvm "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"]</pre>
 */
public final class ClaimContentionBenchmark {

    /** What the {@code wvo} launcher gives the JVM of {@code wvo worker}. */
    static final String WORKER_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private ClaimContentionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int tasks = a.integer("tasks", 10_000);
        int workers = a.integer("workers", 4);
        int rounds = a.integer("rounds", 60);
        int warmup = a.integer("warmup", 20);
        List<String> jvm = List.of(a.text("jvm", WORKER_JVM_OPTIONS).trim().split("\\s+"));
        Path state = BenchDirectory.create("claim-contention-");
        Files.writeString(state.resolve("roadmap.yaml"), GeneratedRoadmap.of(tasks));
        MachineDescription.print("ClaimContentionBenchmark: " + workers + " workers claiming at once on a roadmap of "
                + tasks + " tasks (" + Files.size(state.resolve("roadmap.yaml")) / 1024 + " KB), " + rounds
                + " rounds after " + warmup + ", JVM options " + jvm, state);

        List<ChildJvm> children = new ArrayList<>();
        try {
            for (int i = 1; i <= workers; i++) {
                ChildJvm child = ChildJvm.start("worker" + i, jvm, ClaimContentionWorker.class,
                        List.of(state.toString(), "worker" + i));
                children.add(child);
            }
            for (ChildJvm child : children) {
                child.await("ready", CALL_TIMEOUT);
            }
            long[] claims = new long[rounds * workers];
            long[] completions = new long[rounds * workers];
            int none = 0;
            for (int round = 0; round < warmup + rounds; round++) {
                List<String> claimed = everyone(children, "claim", "claimed ");
                List<String> completed = everyone(children, "complete", "completed ");
                for (int w = 0; w < workers; w++) {
                    String[] c = claimed.get(w).split(" ");
                    none += c[2].equals("-") ? 1 : 0;
                    if (round >= warmup) {
                        claims[(round - warmup) * workers + w] = Long.parseLong(c[1]);
                        completions[(round - warmup) * workers + w] = Long.parseLong(completed.get(w).split(" ")[1]);
                    }
                }
            }
            for (ChildJvm child : children) {
                child.send("quit");
                child.awaitExit(CALL_TIMEOUT);
            }
            MachineDescription.printLoad("at the end");
            System.out.println("claim     " + Percentiles.of(claims).toMillis());
            System.out.println("complete  " + Percentiles.of(completions).toMillis());
            long[] both = Arrays.copyOf(claims, claims.length * 2);
            System.arraycopy(completions, 0, both, claims.length, completions.length);
            System.out.println("both      " + Percentiles.of(both).toMillis() + "   (target: p50 <= 25 ms, p99 <= 80 ms)");
            if (none > 0) {
                System.out.println("# " + none + " claims found nothing runnable: the roadmap ran short of runnable tasks");
            }
        } finally {
            children.forEach(ChildJvm::close);
        }
        BenchDirectory.delete(state);
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
