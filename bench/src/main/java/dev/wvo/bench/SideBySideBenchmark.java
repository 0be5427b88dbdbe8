package dev.wvo.bench;

import dev.wvo.cli.agents.AgentClis;
import dev.wvo.cli.agents.AgentEnvironment;
import dev.wvo.cli.agents.Api;
import dev.wvo.cli.agents.Conversation;
import dev.wvo.cli.agents.RecordedRequest;
import dev.wvo.cli.agents.Reply;
import dev.wvo.cli.agents.ScriptedModelApi;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * wvo and its peer ralph-tui side by side on the same work (issue 20): N independent tasks, each
 * asking the real {@code claude} CLI to create one file, in a fresh git repository, with 3
 * parallel workers in git worktrees, every result merged onto {@code main}. The only thing
 * imitated is the model service: the scripted model API on loopback answers each main-loop
 * request after a fixed latency (2 s), first with claude's {@code Write} of the task's file, then
 * with text ending in ralph-tui's completion signal.
 *
 * <p>Measured for each tool, of its coordinator processes only (wvo's worker JVMs, ralph-tui's
 * bun process and the git commands they run; never the agents):
 * wvo runs in two forms: its N workers each in a JVM of its own, as N terminals run them
 * ({@code wvo}), and all N hosted in one JVM, {@code wvo worker --workers N} ({@code wvo-1jvm});
 * {@code --wvo-form separate|one-jvm|both} chooses (default both).
 * <ul>
 *   <li>wall time from starting the coordinators to the last one's exit;</li>
 *   <li>CPU seconds: each coordinator runs under a shell that prints its children's CPU
 *       ({@code times}) when it exits, which counts everything the coordinator waited for; each
 *       agent runs under a wrapper that does the same, and the agents' total is subtracted;</li>
 *   <li>peak RSS, sampled from {@code /proc} ({@link CoordinatorSampler});</li>
 *   <li>what landed on {@code main} and how many agent runs each task took, from the API's
 *       record.</li>
 * </ul>
 * Then the same work with a crash, once each: SIGKILL of one agent process while every worker
 * is busy, and SIGKILL of a coordinator (one of wvo's worker JVMs; ralph-tui's one process),
 * after which the harness runs the tool's own recovery step if work is left ({@link
 * Orchestrator#recovery}) and reports what it did.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.SideBySideBenchmark [--tasks 12] [--workers 3]
 *     [--latency-ms 2000] [--runs 3] [--crashes yes] [--wvo-form both] [--wvo ./wvo] [--peer bench/peer/node_modules/.bin]
 *     [--keep no]</pre>
 *
 * It needs the agent CLIs ({@code cli/agent-clis/install}) and the peer ({@code bench/peer/install}):
 * {@code bench/run-side-by-side.sh} installs both.
 */
public final class SideBySideBenchmark {

    private static final Pattern TASK_ID = Pattern.compile("Your Task: (T\\d+)");
    private static final Pattern TASK_FILE = Pattern.compile("out/T\\d+\\.txt");
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s");

    private final ScriptedModelApi api;
    private final int workers;
    private final boolean keep;

    private SideBySideBenchmark(ScriptedModelApi api, int workers, boolean keep) {
        this.api = api;
        this.workers = workers;
        this.keep = keep;
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int count = a.integer("tasks", 12);
        int workers = a.integer("workers", 3);
        Duration latency = Duration.ofMillis(a.integer("latency-ms", 2000));
        Path launcher = Launcher.find(a.text("wvo", "./wvo"));
        Path peer = Path.of(a.text("peer", "bench/peer/node_modules/.bin")).toAbsolutePath();
        if (!Files.isExecutable(peer.resolve("ralph-tui")) || !Files.isExecutable(peer.resolve("bun"))) {
            throw new IllegalStateException("ralph-tui and bun are not installed in " + peer
                    + ": run bench/peer/install (bench/run-side-by-side.sh does)");
        }
        AgentClis.whyMissing().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Launcher.awaitClassDataArchives(launcher);
        List<Orchestrator> tools = new ArrayList<>();
        String form = a.text("wvo-form", "both");
        if (!List.of("separate", "one-jvm", "both").contains(form)) {
            throw new IllegalArgumentException("--wvo-form " + form + ": give separate, one-jvm or both");
        }
        if (!form.equals("one-jvm")) {
            tools.add(new WvoWorkers(launcher, false));
        }
        if (!form.equals("separate")) {
            tools.add(new WvoWorkers(launcher, true));
        }
        tools.add(new RalphTui(peer));
        List<Orchestrator.AgentTask> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(new Orchestrator.AgentTask("T" + i));
        }
        MachineDescription.print("SideBySideBenchmark: " + count + " tasks, " + workers + " workers, model latency "
                + latency.toMillis() + " ms per request, claude " + claudeVersion(), BenchDirectory.root());
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            script(api, latency);
            SideBySideBenchmark bench = new SideBySideBenchmark(api, workers, a.text("keep", "no").equals("yes"));
            System.out.println("tool       crash        wall_s  coord_cpu_s  cpu_per_task_s  agents_cpu_s  "
                    + "peak_rss_together_mb  runtime_peaks_mb  landed  agent_runs  load");
            for (int run = 0; run < a.integer("runs", 3); run++) {
                for (Orchestrator tool : tools) {
                    bench.run(tool, tasks, Crash.NONE);
                }
            }
            if (a.text("crashes", "yes").equals("yes")) {
                for (Crash crash : List.of(Crash.AGENT, Crash.COORDINATOR)) {
                    for (Orchestrator tool : tools) {
                        bench.run(tool, tasks, crash);
                    }
                }
            }
        }
        MachineDescription.printLoad("at the end");
        System.out.println("(targets of issue 20: wvo's coordinator CPU per task <= ralph-tui's; wvo's peak memory for "
                + workers + " workers <= 1.5x ralph-tui's; wvo's wall time below ralph-tui's)");
    }

    /**
     * The model's side of every task: after {@code latency}, claude's {@code Write} of the task's
     * file, then text ending in ralph-tui's completion signal.
     */
    static void script(ScriptedModelApi api, Duration latency) {
        api.script(Api.ANTHROPIC, (conversation, number) -> (conversation.turn() == 0
                ? Reply.writeFile(fileOf(conversation), "written by claude\n")
                : Reply.text("Created it. <promise>COMPLETE</promise>")).after(latency));
    }

    /** What goes wrong during a run. */
    private enum Crash {
        NONE("none"), AGENT("agent-kill"), COORDINATOR("coord-kill");

        final String label;

        Crash(String label) {
            this.label = label;
        }
    }

    private void run(Orchestrator tool, List<Orchestrator.AgentTask> tasks, Crash crash) throws Exception {
        Path dir = BenchDirectory.create("side-by-side-" + tool.name() + "-");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        createRepository(repo);
        tool.prepare(dir, repo, tasks);
        Path agentWrapper = agentWrapper(dir);
        Map<String, String> environment = environment(dir, agentWrapper, tool.path());
        String load = MachineDescription.loadAverage().split(" ")[0];

        Instant started = Instant.now();
        List<Process> coordinators = new ArrayList<>();
        List<List<String>> commands = tool.coordinators(dir, repo, workers);
        for (int i = 0; i < commands.size(); i++) {
            coordinators.add(measured(commands.get(i), dir.resolve("coordinator-" + i), environment, dir));
        }
        List<ProcessHandle> everything = new ArrayList<>();
        String crashNote = "";
        try (CoordinatorSampler sampler = new CoordinatorSampler(coordinators.stream().map(Process::toHandle).toList(),
                agentWrapper.toString())) {
            if (crash != Crash.NONE) {
                crashNote = crash(crash, coordinators, agentWrapper, started, everything);
            }
            awaitExit(tool, coordinators, dir);
            double wall = Duration.between(started, Instant.now()).toMillis() / 1000.0;
            double coordinatorCpu = 0;
            for (int i = 0; i < commands.size(); i++) {
                coordinatorCpu += childCpu(dir.resolve("coordinator-" + i + ".cpu"));
            }
            double agentsCpu = allCpu(dir.resolve("agents.cpu"));
            List<String> missing = missingOnMain(repo, tasks);
            String recovery = "";
            if (!missing.isEmpty() && crash != Crash.NONE) {
                recovery = recover(tool, dir, repo, tasks, environment, missing.size());
                missing = missingOnMain(repo, tasks);
            }
            Map<String, Integer> runs = agentRuns(started);
            String cpu = crash == Crash.COORDINATOR ? "n/a" : String.format(Locale.ROOT, "%.2f", coordinatorCpu - agentsCpu);
            String perTask = crash == Crash.COORDINATOR ? "n/a"
                    : String.format(Locale.ROOT, "%.3f", (coordinatorCpu - agentsCpu) / tasks.size());
            System.out.printf(Locale.ROOT, "%-10s %-11s %7.1f  %11s  %14s  %12.1f  %20.0f  %16s  %3d/%-3d  %10s  %s%n",
                    tool.name(), crash.label, wall, cpu, perTask, agentsCpu, sampler.peakTogetherMb(),
                    sampler.runtimePeaksMb().stream().map(mb -> String.format(Locale.ROOT, "%.0f", mb))
                            .collect(Collectors.joining("+")),
                    tasks.size() - missing.size(), tasks.size(), summary(runs, tasks.size()), load);
            if (!crashNote.isEmpty()) {
                System.out.println("    " + crashNote + recovery + (missing.isEmpty() ? "" : "; not on main: " + missing));
            }
        } finally {
            // agents orphaned by a killed coordinator must not outlive the run
            everything.forEach(ProcessHandle::destroyForcibly);
            coordinators.forEach(Process::destroyForcibly);
            if (!keep) {
                BenchDirectory.delete(dir);
            }
        }
    }

    static void createRepository(Path repo) throws IOException, InterruptedException {
        Git.run(repo, "init", "-q", "-b", "main");
        Git.run(repo, "config", "user.name", "Side By Side");
        Git.run(repo, "config", "user.email", "bench@wvo.invalid");
        Files.writeString(repo.resolve("README.md"), "side-by-side benchmark\n");
        Files.writeString(repo.resolve(".gitignore"), ".ralph-tui/\n");
        Git.run(repo, "add", ".");
        Git.run(repo, "commit", "-q", "-m", "Start");
    }

    /**
     * A {@code claude} first on the PATH that runs the real one and then appends the CPU it used,
     * with everything it waited for, to {@code agents.cpu}: what the coordinators' figures leave out.
     */
    private static Path agentWrapper(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("agent-bin"));
        Path wrapper = bin.resolve("claude");
        Files.writeString(wrapper, """
                #!/bin/bash
                # the real claude, measured: its CPU (with its children) goes to agents.cpu when it exits
                "%s" "$@"
                rc=$?
                times >> "%s"
                exit $rc
                """.formatted(AgentClis.claude(), dir.resolve("agents.cpu")));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    private Map<String, String> environment(Path dir, Path agentWrapper, List<Path> toolPath) throws IOException {
        AgentEnvironment agents = AgentEnvironment.in(dir, api);
        Map<String, String> environment = new HashMap<>(System.getenv());
        agents.applyTo(environment);
        List<String> path = new ArrayList<>(List.of(agentWrapper.getParent().toString()));
        toolPath.forEach(p -> path.add(p.toString()));
        path.add(environment.get("PATH"));
        environment.put("PATH", String.join(File.pathSeparator, path));
        // ralph-tui reads ~/.config/ralph-tui: a home of the run's own keeps the user's settings out
        environment.put("HOME", Files.createDirectories(dir.resolve("home")).toString());
        return environment;
    }

    /** Starts {@code command} under a shell that writes its children's CPU to {@code base.cpu} when it exits. */
    private static Process measured(List<String> command, Path base, Map<String, String> environment, Path dir)
            throws IOException {
        List<String> shell = new ArrayList<>(List.of("bash", "-c", "\"$@\"; rc=$?; times > \"$0\"; exit $rc",
                base + ".cpu"));
        shell.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(shell).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolveSibling(base.getFileName() + ".log").toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder.start();
    }

    /**
     * Waits until every worker is busy with a task (the API has had one first request per worker),
     * then SIGKILLs one agent or one coordinator; says what it killed.
     */
    private String crash(Crash crash, List<Process> coordinators, Path agentWrapper, Instant started,
            List<ProcessHandle> everything) throws InterruptedException {
        while (agentRuns(started).values().stream().mapToInt(Integer::intValue).sum() < workers) {
            Thread.sleep(50);
        }
        coordinators.forEach(c -> everything.addAll(c.descendants().toList()));
        if (crash == Crash.AGENT) {
            ProcessHandle agent = everything.stream()
                    .filter(p -> p.parent().flatMap(q -> q.info().commandLine()).map(c -> c.contains(agentWrapper.toString()))
                            .orElse(false))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no agent process found to kill"));
            agent.destroyForcibly();
            return "killed agent pid " + agent.pid() + " at " + secondsSince(started) + " s";
        }
        ProcessHandle coordinator = coordinators.get(0).toHandle().children().findFirst()
                .orElseThrow(() -> new IllegalStateException("the first coordinator has no process to kill"));
        String command = coordinator.info().command().map(c -> Path.of(c).getFileName().toString()).orElse("?");
        coordinator.destroyForcibly();
        return "killed coordinator pid " + coordinator.pid() + " (" + command + ") at " + secondsSince(started) + " s";
    }

    private static void awaitExit(Orchestrator tool, List<Process> coordinators, Path dir) throws InterruptedException {
        for (Process p : coordinators) {
            if (!p.waitFor(20, TimeUnit.MINUTES)) {
                throw new IllegalStateException(tool.name() + ": a coordinator did not finish in 20 minutes; see " + dir);
            }
        }
    }

    /** Runs the tool's recovery step once; what it did. */
    private String recover(Orchestrator tool, Path dir, Path repo, List<Orchestrator.AgentTask> tasks, Map<String, String> environment,
            int missing) throws Exception {
        Optional<List<String>> command = tool.recovery(dir, repo);
        if (command.isEmpty()) {
            return "; " + missing + " task(s) left undone and no recovery step";
        }
        Instant started = Instant.now();
        Process p = measured(command.get(), dir.resolve("recovery"), environment, dir);
        awaitExit(tool, List.of(p), dir);
        return "; " + missing + " task(s) left undone after the crash; `" + Path.of(command.get().get(0)).getFileName() + " "
                + String.join(" ", command.get().subList(1, Math.min(3, command.get().size()))) + " ...` exited "
                + p.exitValue() + " after " + secondsSince(started) + " s, leaving " + missingOnMain(repo, tasks).size();
    }

    private static List<String> missingOnMain(Path repo, List<Orchestrator.AgentTask> tasks) throws IOException, InterruptedException {
        List<String> missing = new ArrayList<>();
        for (Orchestrator.AgentTask task : tasks) {
            if (!Git.succeeds(repo, "cat-file", "-e", "main:" + task.file())) {
                missing.add(task.id());
            }
        }
        return missing;
    }

    /** How many agent runs each task had since {@code since}: the first requests of conversations, by the task's file. */
    private Map<String, Integer> agentRuns(Instant since) {
        Map<String, Integer> runs = new TreeMap<>();
        for (RecordedRequest r : api.mainLoopRequests(Api.ANTHROPIC)) {
            if (!r.at().isBefore(since) && r.conversation().turn() == 0) {
                runs.merge(fileOf(r.conversation()), 1, Integer::sum);
            }
        }
        return runs;
    }

    /** {@code 12x1} when each of 12 tasks ran its agent once; else every count, e.g. {@code T3:2}. */
    private static String summary(Map<String, Integer> runs, int tasks) {
        if (runs.size() == tasks && runs.values().stream().allMatch(n -> n == 1)) {
            return tasks + "x1";
        }
        return runs.entrySet().stream().filter(e -> e.getValue() != 1 || runs.size() != tasks)
                .map(e -> e.getKey().replaceAll("out/|\\.txt", "") + ":" + e.getValue()).collect(Collectors.joining(","));
    }

    /** The task's file: from ralph-tui's "Your Task: T3" heading (its prompt holds the whole PRD), else the first named. */
    private static String fileOf(Conversation conversation) {
        Matcher id = TASK_ID.matcher(conversation.userText());
        if (id.find()) {
            return "out/" + id.group(1) + ".txt";
        }
        Matcher file = TASK_FILE.matcher(conversation.userText());
        return file.find() ? file.group() : "out/unknown.txt";
    }

    /** The children line of {@code times} (user and system CPU of everything the shell waited for), in seconds. */
    private static double childCpu(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
        return lines.size() < 2 ? 0 : seconds(lines.get(1));
    }

    /** Every line of one or more {@code times} outputs added up, in seconds. */
    private static double allCpu(Path file) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        return Files.readAllLines(file).stream().mapToDouble(SideBySideBenchmark::seconds).sum();
    }

    private static double seconds(String timesLine) {
        double total = 0;
        Matcher m = TIMES.matcher(timesLine);
        while (m.find()) {
            total += Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
        }
        return total;
    }

    private static String secondsSince(Instant start) {
        return String.format(Locale.ROOT, "%.1f", Duration.between(start, Instant.now()).toMillis() / 1000.0);
    }

    private static String claudeVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(AgentClis.claude().toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return out;
    }
}
