package dev.wvo.cli;

import dev.wvo.fs.StateDir;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.events.Event;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code wvo demo}: three real worker processes, each started as a user would start one in a
 * terminal, build a small web shop from {@code examples/roadmap.yaml} with the shell backend,
 * while this command shows their progress; then a summary of what happened and where to look.
 */
@Command(name = "demo",
        header = "Watch three workers build the example roadmap together, then read what happened.",
        description = {"Run three workers on the bundled example roadmap in a temporary directory, show them working, "
                + "and summarize: tasks per worker, wall time against the sequential sum, context updates, "
                + "the conflict found and how it was resolved."})
public final class DemoCommand implements Callable<Integer> {

    private static final Duration REFRESH = Duration.ofMillis(400);
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @Spec
    private CommandSpec spec;

    @Option(names = "--roadmap", paramLabel = "FILE",
            description = "The roadmap to run (default: examples/roadmap.yaml of this checkout).")
    private Path roadmapOption;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Where to create the demo's repository and state (default: a new temporary directory).")
    private Path dirOption;

    @Override
    public Integer call() throws Exception {
        WvoCommand top = WvoCommand.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        Palette palette = top.palette();
        Path roadmap = roadmapOption != null ? roadmapOption : exampleRoadmap();
        Path root = dirOption != null ? Files.createDirectories(dirOption) : Files.createTempDirectory("wvo-demo-");
        Path state = root.resolve("state");
        Path work = Files.createDirectories(root.resolve("shop"));

        java.io.StringWriter initOutput = new java.io.StringWriter();
        picocli.CommandLine initCommand = Main.newCommandLine(System.getenv());
        initCommand.setOut(new PrintWriter(initOutput));
        initCommand.setErr(new PrintWriter(initOutput));
        if (initCommand.execute("--state", state.toString(), "init", "--from", roadmap.toString()) != ExitCodes.OK) {
            throw new CommandFailure(ExitCodes.FAILURE, "could not create the demo's state in " + state + ": "
                    + initOutput.toString().strip());
        }
        out.println(palette.bold("wvo demo") + ": 3 workers, roadmap " + roadmap + ", state " + state);
        out.println("  worker1 prefers the api domain, worker2 the web domain, worker3 the E-BACK epic; "
                + "all fall back to other work.");
        out.flush();

        Instant started = Instant.now();
        List<Process> workers = new ArrayList<>();
        List<String> globals = new ArrayList<>(List.of("--state", state.toString()));
        top.pluginDirectories().forEach(d -> globals.addAll(List.of("--plugins", d.toString())));
        WorkerLauncher launcher = new WorkerLauncher(WorkerLauncher.currentWvo(top.environment(), Main.class.getName(),
                WorkerLauncher.Kind.WORKER), globals, state, Path.of("").toAbsolutePath());
        workers.add(startWorker(launcher, work, "worker1", "--domains", "api"));
        workers.add(startWorker(launcher, work, "worker2", "--domains", "web"));
        workers.add(startWorker(launcher, work, "worker3", "--epics", "E-BACK"));

        Progress progress = new Progress(out, System.console() != null && !top.colorRefused());
        Instant deadline = started.plus(LIMIT);
        while (workers.stream().anyMatch(Process::isAlive)) {
            if (Instant.now().isAfter(deadline)) {
                workers.forEach(Process::destroy);
                throw new CommandFailure(ExitCodes.FAILURE, "the demo did not finish within " + LIMIT.toMinutes()
                        + " minutes; see the worker logs in " + new StateDir(state).workers());
            }
            progress.show(snapshot(state));
            workers.get(0).waitFor(REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        }
        progress.show(snapshot(state));
        Duration wall = Duration.between(started, Instant.now());
        int failedWorkers = (int) workers.stream().filter(p -> p.exitValue() != 0).count();
        return summarize(out, palette, state, work, wall, failedWorkers);
    }

    /**
     * A worker as {@code up} starts one, through the {@code wvo} launcher or with its worker
     * options, but not detached: Ctrl-C on the demo stops its workers too.
     */
    private static Process startWorker(WorkerLauncher workers, Path work, String id, String... partition)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--agent", "shell", "--exit-when-idle",
                "--workdir", work.toString()));
        arguments.addAll(List.of(partition));
        return workers.start(List.of(id), arguments);
    }

    /** The example roadmap of this checkout: the jar is cli/target/wvo-cli.jar, the roadmap examples/roadmap.yaml. */
    private static Path exampleRoadmap() {
        List<Path> candidates = new ArrayList<>();
        WvoCommand.bundledPluginDirectory().ifPresent(plugins ->
                candidates.add(plugins.getParent().getParent().getParent().resolve("examples/roadmap.yaml")));
        candidates.add(Path.of("examples/roadmap.yaml"));
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new CommandFailure(
                ExitCodes.FAILURE, "examples/roadmap.yaml not found; run the demo from the repository, or give --roadmap FILE"));
    }

    /** One look at the state: task counts and what each worker does. */
    record Snapshot(Map<String, Integer> counts, int total, List<WorkerRecord> workers) {
    }

    private static Snapshot snapshot(Path state) {
        Map<String, Integer> counts = new TreeMap<>();
        int total = 0;
        try {
            Roadmap roadmap = RoadmapReader.read(new StateDir(state).roadmap());
            for (RoadmapTask t : roadmap.tasks()) {
                counts.merge(t.status(), 1, Integer::sum);
            }
            total = roadmap.tasks().size();
        } catch (RuntimeException e) {
            // between two rewrites the file is always whole; a failed read here is only a skipped frame
        }
        return new Snapshot(counts, total, new WorkerRegistry(new StateDir(state).workers()).list());
    }

    /** Shows progress: redrawn in place on a terminal, one line per change otherwise. */
    private static final class Progress {
        private final PrintWriter out;
        private final boolean inPlace;
        private int lastLines;
        private String lastPlain = "";

        Progress(PrintWriter out, boolean inPlace) {
            this.out = out;
            this.inPlace = inPlace;
        }

        void show(Snapshot s) {
            int done = s.counts().getOrDefault("done", 0);
            String bar = bar(done, s.total());
            String counts = s.counts().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                    .reduce((a, b) -> a + ", " + b).orElse("");
            if (!inPlace) {
                String line = bar + " " + counts;
                if (!line.equals(lastPlain)) {
                    out.println(line);
                    out.flush();
                    lastPlain = line;
                }
                return;
            }
            List<String> lines = new ArrayList<>();
            lines.add(bar + "  " + counts);
            for (WorkerRecord w : s.workers()) {
                lines.add(String.format("  %-8s %-12s %s", w.id(), w.status().label(),
                        w.task() == null ? "" : w.task() + " (attempt " + w.attempt() + ")"));
            }
            if (lastLines > 0) {
                out.print("\u001b[" + lastLines + "A");
            }
            for (String line : lines) {
                out.print("\u001b[2K" + line + "\n");
            }
            for (int i = lines.size(); i < lastLines; i++) {
                out.print("\u001b[2K\n");
            }
            lastLines = Math.max(lines.size(), lastLines);
            out.flush();
        }

        private static String bar(int done, int total) {
            int width = 24;
            int filled = total == 0 ? 0 : done * width / total;
            return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total + " done";
        }
    }

    private int summarize(PrintWriter out, Palette palette, Path state, Path work, Duration wall, int failedWorkers) {
        List<Event> events = EventReader.in(state).readAll().events();
        Map<String, Integer> donePerWorker = new TreeMap<>();
        double sequential = 0;
        for (Event e : events) {
            if (e.details().get("seconds") instanceof Number n) {
                sequential += n.doubleValue();
            }
            if (e.is(EventType.COMPLETE) && "done".equals(e.details().get("status"))) {
                donePerWorker.merge(e.worker(), 1, Integer::sum);
            }
        }
        Snapshot end = snapshot(state);
        int done = end.counts().getOrDefault("done", 0);
        out.println();
        out.println(palette.bold("Summary"));
        out.printf("  tasks done: %d of %d%n", done, end.total());
        donePerWorker.forEach((w, n) -> out.printf("    %-8s %d%n", w, n));
        out.printf("  wall time %.1f s against %.1f s of task time run one after another (%.1fx)%n",
                wall.toMillis() / 1000.0, sequential, wall.isZero() ? 0 : sequential / (wall.toMillis() / 1000.0));
        out.printf("  context updates merged into context.md: %d%n", contextEntries(state));
        List<Event> conflicts = events.stream().filter(e -> e.is(EventType.CONFLICT)).toList();
        if (conflicts.isEmpty()) {
            out.println("  conflicts found: none");
        }
        for (Event c : conflicts) {
            out.printf("  conflict found: %s changed by %s; resolution: %s%n", c.details().get("path"),
                    c.details().get("attempts"), describe(c.details()));
        }
        out.println("  look around: " + state + " (roadmap.yaml, context.md, events.jsonl, artifacts/), the shop in " + work);
        out.println("  for example: ./wvo --state " + state + " events");
        out.flush();
        if (done != end.total() || failedWorkers > 0) {
            throw new CommandFailure(ExitCodes.FAILURE, (end.total() - done) + " task(s) not done; see "
                    + new StateDir(state).workers() + "/*.log and ./wvo --state " + state + " task list");
        }
        return ExitCodes.OK;
    }

    private static String describe(Map<String, Object> conflict) {
        Object suggestion = conflict.get("suggestion");
        Object chosen = conflict.get("chosen");
        Map<String, String> words = new LinkedHashMap<>();
        words.put("none-needed", "identical, nothing to do");
        words.put("take-superset", "one version contains the other; take " + chosen);
        words.put("three-way-merge", "the changes do not overlap; merged three ways");
        words.put("union", "test file; both sides' additions kept");
        words.put("escalate", "overlapping changes; the task is blocked for a person");
        return words.getOrDefault(String.valueOf(suggestion), String.valueOf(suggestion));
    }

    private static long contextEntries(Path state) {
        try {
            return Files.readAllLines(new StateDir(state).context()).stream().filter(l -> l.startsWith("- ")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
