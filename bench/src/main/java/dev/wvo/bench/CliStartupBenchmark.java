package dev.wvo.bench;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.spi.Usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a user waits for at the prompt: {@code wvo status} and {@code wvo task list} on a big
 * roadmap against {@code wvo --version}, and {@code wvo --version} against the bare JVM
 * ({@code java -version}), each run through the {@code ./wvo} launcher as a user runs it. The
 * commands take turns, so that all of them see the same machine load; wall and CPU time (the
 * whole process tree, launcher script included) are reported as medians.
 *
 * With {@code --events N}, the state's event log gets N lines first (claims, completions and
 * stages of four workers, an agent run in one task of ten): what {@code status} reads of a state
 * in use.
 *
 * <p>With {@code --against OTHER/wvo}, another build's launcher runs the same three commands in
 * the same turns, on a state of its own (each build keeps the parsed roadmap for itself, so one
 * state would make every run of both parse it again): a change beside the build before it, in
 * the same minutes.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.CliStartupBenchmark [--tasks 10000] [--runs 11] [--events 0] [--wvo ./wvo] [--against OTHER/wvo]</pre>
 */
public final class CliStartupBenchmark {

    private CliStartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int tasks = a.integer("tasks", 10_000);
        int runs = a.integer("runs", 11);
        int events = a.integer("events", 0);
        Path wvo = Launcher.find(a.text("wvo", "./wvo"));
        String againstPath = a.text("against", null);
        Path against = againstPath == null ? null : Launcher.find(againstPath);
        Path dir = BenchDirectory.create("cli-startup-");
        Path roadmap = dir.resolve("roadmap.yaml");
        Files.writeString(roadmap, GeneratedRoadmap.of(tasks));
        String state = dir.resolve("state").toString();
        Launcher.run(wvo, "init", "--from", roadmap.toString(), "--state", state);
        appendEvents(Path.of(state), events);
        Launcher.awaitClassDataArchives(wvo);

        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("java -version", List.of(Launcher.java(), "-version"));
        commands.put("wvo --version", List.of(wvo.toString(), "--version"));
        commands.put("wvo status", List.of(wvo.toString(), "status", "--state", state));
        commands.put("wvo task list", List.of(wvo.toString(), "task", "list", "--state", state));
        if (against != null) {
            String otherState = dir.resolve("state-against").toString();
            Launcher.run(against, "init", "--from", roadmap.toString(), "--state", otherState);
            appendEvents(Path.of(otherState), events);
            Launcher.awaitClassDataArchives(against);
            commands.put("against --version", List.of(against.toString(), "--version"));
            commands.put("against status", List.of(against.toString(), "status", "--state", otherState));
            commands.put("against task list", List.of(against.toString(), "task", "list", "--state", otherState));
        }
        MachineDescription.print("CliStartupBenchmark: " + runs + " runs of each, interleaved; roadmap of " + tasks
                + " tasks (" + Files.size(roadmap) / 1024 + " KB), " + events + " events", dir);

        Map<String, List<CommandRun>> results = new LinkedHashMap<>();
        commands.forEach((name, command) -> {
            CommandRun.of(dir, command); // the page cache, and the JIT of nothing: a first run is not typical
            results.put(name, new ArrayList<>());
        });
        for (int i = 0; i < runs; i++) {
            commands.forEach((name, command) -> results.get(name).add(CommandRun.of(dir, command)));
        }
        MachineDescription.printLoad("at the end");

        System.out.println("command            wall_p50_ms  cpu_p50_ms   wall sorted (ms)");
        Map<String, double[]> medians = new LinkedHashMap<>();
        results.forEach((name, list) -> {
            long[] wall = list.stream().mapToLong(CommandRun::wallNanos).toArray();
            long[] cpu = list.stream().mapToLong(CommandRun::cpuNanos).toArray();
            double w = Percentiles.of(wall).p50() / 1e6;
            double c = Percentiles.of(cpu).p50() / 1e6;
            medians.put(name, new double[] {w, c});
            System.out.printf(Locale.ROOT, "%-17s  %11.0f  %10.0f   %s%n", name, w, c,
                    java.util.Arrays.stream(wall).sorted().mapToObj(n -> String.valueOf(n / 1_000_000))
                            .reduce((x, y) -> x + " " + y).orElse(""));
        });
        double version = medians.get("wvo --version")[0];
        System.out.printf(Locale.ROOT, "wvo status ÷ wvo --version (wall):    %.2f   (target <= 1.3)%n",
                medians.get("wvo status")[0] / version);
        System.out.printf(Locale.ROOT, "wvo task list ÷ wvo --version (wall): %.2f   (target <= 1.3)%n",
                medians.get("wvo task list")[0] / version);
        System.out.printf(Locale.ROOT, "wvo --version ÷ java -version (CPU):  %.2f   (target <= 3)%n",
                medians.get("wvo --version")[1] / medians.get("java -version")[1]);
        if (against != null) {
            double theirs = medians.get("against --version")[0];
            System.out.printf(Locale.ROOT, "against: status ÷ --version (wall):    %.2f;  task list ÷ --version: %.2f%n",
                    medians.get("against status")[0] / theirs, medians.get("against task list")[0] / theirs);
        }
        BenchDirectory.delete(dir);
    }

    /** Appends {@code n} events to the log of {@code state}, as workers would have written them. */
    private static void appendEvents(Path state, int n) {
        EventLog log = new EventLog(new StateDir(state).events());
        CostLedger ledger = new CostLedger(log);
        Instant start = Instant.parse("2026-12-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            Instant at = start.plusSeconds(i);
            Clock clock = Clock.fixed(at, ZoneOffset.UTC);
            String worker = "w" + i % 4;
            String task = "T" + i / 3;
            if (i % 30 == 1) {
                ledger.record(new UsageRecord(at, worker, task, 1, 0, "claude", "claude", null, "success",
                        new Usage("m", 1000, 100, 0, 0, 0.01)));
                continue;
            }
            log.append(switch (i % 3) {
                case 0 -> Event.of(clock, EventType.CLAIM, worker, task, 1, Map.of());
                case 1 -> Event.of(clock, EventType.STAGE, worker, task, 1, Map.of("stage", "implement"));
                default -> Event.of(clock, EventType.COMPLETE, worker, task, 1, Map.of("outcome", "done"));
            });
        }
    }
}
