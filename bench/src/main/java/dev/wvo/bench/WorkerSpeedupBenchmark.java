package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Several terminals, one roadmap: N real {@code wvo worker} processes (started through the
 * {@code ./wvo} launcher, as a user starts them) share a roadmap of independent tasks that each
 * sleep, with the shell backend. The workers start paused; once all N have registered they are
 * released together, and the clock runs from then until the last one exits. So JVM start-up is
 * not counted, coordination is: claims, completions, context updates, worker records.
 *
 * <p>Reports, for N = 1, 2, 4, 8: wall time, speed-up against N = 1, efficiency (speed-up / N,
 * target at least 0.9) and the coordination overhead per task ((N * wall - task time) / tasks).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.WorkerSpeedupBenchmark [--tasks 48] [--sleep 1.0]</pre>
 */
public final class WorkerSpeedupBenchmark {

    private WorkerSpeedupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int tasks = a.integer("tasks", 48);
        double sleep = Double.parseDouble(a.text("sleep", "1.0"));
        Path launcher = Path.of(a.text("wvo", "./wvo")).toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException(launcher + " not found: run from the repository root, or give --wvo PATH");
        }
        MachineDescription.print("WorkerSpeedupBenchmark: " + tasks + " tasks of sleep " + sleep + " s, shell backend",
                BenchDirectory.root());
        System.out.println("workers  wall_s  speedup  efficiency  overhead_per_task_ms");
        double baseline = 0;
        for (int n : new int[] {1, 2, 4, 8}) {
            double wall = run(launcher, n, tasks, sleep);
            if (n == 1) {
                baseline = wall;
            }
            double speedup = baseline / wall;
            double overheadMs = (n * wall - tasks * sleep) / tasks * 1000;
            System.out.printf(Locale.ROOT, "%7d  %6.2f  %7.2f  %10.2f  %20.0f%n", n, wall, speedup, speedup / n, overheadMs);
        }
    }

    private static double run(Path launcher, int workers, int tasks, double sleep) throws Exception {
        Path dir = BenchDirectory.create("speedup-" + workers);
        Path state = dir.resolve("state");
        Path work = Files.createDirectories(dir.resolve("work"));
        Path roadmap = dir.resolve("roadmap.yaml");
        StringBuilder yaml = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; i < tasks; i++) {
            yaml.append("  - id: T").append(i).append("\n    title: Sleep ").append(i)
                    .append("\n    owns: [out/").append(i).append("]\n    command: sleep ").append(sleep).append('\n');
        }
        Files.writeString(roadmap, yaml.toString());
        exec(launcher, "--state", state.toString(), "init", "--from", roadmap.toString());
        exec(launcher, "--state", state.toString(), "worker", "pause", "all");

        List<Process> started = new ArrayList<>();
        for (int i = 1; i <= workers; i++) {
            started.add(new ProcessBuilder(launcher.toString(), "--state", state.toString(), "worker", "--id", "w" + i,
                    "--agent", "shell", "--exit-when-idle", "--workdir", work.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("w" + i + ".log").toFile()).start());
        }
        Path records = state.resolve("workers");
        long waitUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (countRecords(records) < workers) {
            if (System.nanoTime() > waitUntil) {
                throw new IllegalStateException("workers did not register; see " + dir);
            }
            Thread.sleep(20);
        }
        long start = System.nanoTime();
        exec(launcher, "--state", state.toString(), "worker", "resume", "all");
        for (Process p : started) {
            if (p.waitFor() != 0) {
                throw new IllegalStateException("a worker failed; see " + dir);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static long countRecords(Path records) throws IOException {
        if (!Files.isDirectory(records)) {
            return 0;
        }
        try (var files = Files.list(records)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
        }
    }

    private static void exec(Path launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
        }
    }
}
