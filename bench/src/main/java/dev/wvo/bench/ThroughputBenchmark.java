package dev.wvo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of N parallel workers on independent work items of fixed length, against the ideal
 * of N items at all times (items × length ÷ N). Each item is a shell script that stamps its start
 * and end in a shared log, so the figures come from the work itself, whichever tool runs it
 * ({@link ToolUnderTest}):
 *
 * <ul>
 *   <li>steady state: from the first item's start to the last item's end;</li>
 *   <li>with start-up: from starting the workers (JVM start-up included) to the last item's end.</li>
 * </ul>
 *
 * Below each line it gives where a worker's time between two items went ({@link WorkerGaps}: the
 * item's end to its completion, to the next claim, to the next item's start), from the items'
 * stamps and wvo's event log. It also checks that every item ran exactly once. Without {@code --workers}, it runs the issue's
 * two cases: 8 workers with 2 s items (on a 2-core machine, more workers than cores) and 4 workers
 * with 0.5 s items (where coordination weighs most).
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.ThroughputBenchmark [--workers N --seconds S --items K]
 *     [--wvo ./wvo] [--wvo-form separate|one-jvm|both]</pre>
 * {@code separate} starts each worker in a JVM of its own, {@code one-jvm} hosts them all in one
 * ({@code wvo worker --id w1,w2,...}); {@code both} (the default) runs the first, then the second.
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        Path launcher = Launcher.find(a.text("wvo", "./wvo"));
        Launcher.awaitClassDataArchives(launcher);
        String form = a.text("wvo-form", "both");
        if (!List.of("separate", "one-jvm", "both").contains(form)) {
            throw new IllegalArgumentException("--wvo-form is separate, one-jvm or both, not " + form);
        }
        for (boolean oneJvm : form.equals("both") ? List.of(false, true) : List.of(form.equals("one-jvm"))) {
            ToolUnderTest tool = new WvoTool(launcher, oneJvm);
            MachineDescription.print("ThroughputBenchmark: " + tool.name(), BenchDirectory.root());
            System.out.println("workers  item_s  items  ideal_s  steady_s  steady_eff  startup_s  startup_eff  overhead_per_item_ms");
            if (a.text("workers", null) != null) {
                run(tool, a.integer("workers", 0), Double.parseDouble(a.text("seconds", "2")), a.integer("items", 48));
            } else {
                run(tool, 8, 2.0, 48);
                run(tool, 4, 0.5, 96);
            }
            MachineDescription.printLoad("at the end");
        }
        System.out.println("(target: steady and with start-up >= 0.85 for 8 x 2 s; steady >= 0.85 for 4 x 0.5 s)");
    }

    private static void run(ToolUnderTest tool, int workers, double seconds, int count) throws Exception {
        Path dir = BenchDirectory.create("throughput-" + tool.name() + "-" + workers + "-");
        Path script = dir.resolve("work.sh");
        Files.writeString(script, """
                #!/bin/sh
                # one work item of the throughput benchmark: its start and end, in ns since the epoch, in the log
                printf 'start %s %s\\n' "$1" "$(date +%s%N)" >> "$3"
                sleep "$2"
                printf 'end %s %s\\n' "$1" "$(date +%s%N)" >> "$3"
                """);
        Path log = dir.resolve("work.log");
        List<ToolUnderTest.WorkItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(new ToolUnderTest.WorkItem("W" + i, "sh " + script + " W" + i + " " + seconds + " " + log));
        }
        tool.prepare(dir, items);
        long spawned = WallClock.epochNanos();
        List<Process> processes = tool.start(dir, workers);
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(tool.name() + ": a worker failed or hung; see " + dir);
            }
        }
        long firstStart = Long.MAX_VALUE;
        long lastEnd = 0;
        Map<String, Integer> starts = new HashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] f = line.split(" ");
            long at = Long.parseLong(f[2]);
            if (f[0].equals("start")) {
                starts.merge(f[1], 1, Integer::sum);
                firstStart = Math.min(firstStart, at);
            } else {
                lastEnd = Math.max(lastEnd, at);
            }
        }
        if (starts.size() != count || starts.values().stream().anyMatch(n -> n != 1)) {
            throw new IllegalStateException(tool.name() + ": not every item ran exactly once: " + starts + "; see " + dir);
        }
        double ideal = count * seconds / workers;
        double steady = (lastEnd - firstStart) / 1e9;
        double withStartup = (lastEnd - spawned) / 1e9;
        double overhead = (workers * steady - count * seconds) / count * 1000;
        System.out.printf(Locale.ROOT, "%7d  %6.1f  %5d  %7.1f  %8.2f  %10.2f  %9.2f  %11.2f  %20.0f%n", workers, seconds,
                count, ideal, steady, ideal / steady, withStartup, ideal / withStartup, overhead);
        WorkerGaps.print(log, dir.resolve("state/events.jsonl"));
        BenchDirectory.delete(dir);
    }
}
