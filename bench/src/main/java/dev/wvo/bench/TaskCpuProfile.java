package dev.wvo.bench;

import dev.wvo.cli.agents.AgentClis;
import dev.wvo.cli.agents.AgentEnvironment;
import dev.wvo.cli.agents.ScriptedModelApi;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Where a task's CPU goes in a warm worker (issue 20): one {@code wvo worker --agent claude
 * --worktree always}, started through {@code ./wvo} as {@link SideBySideBenchmark} starts its
 * workers, runs N tasks with the real {@code claude} against the scripted model API, under Java
 * Flight Recorder. Everything up to the worker's first claim (start-up, class loading, the first
 * JIT work) is subtracted; what is left is divided by the tasks. The whole run's CPU, start-up
 * included, is printed beside it: that is what the side-by-side counts.
 *
 * <ul>
 *   <li><b>Per thread</b>, from {@code /proc/PID/task/TID/stat} (10 ms ticks), sampled every
 *       20 ms: CPU at the first {@code claim} event and at the last sample before the worker
 *       exits, so JIT compiler, GC and JFR's own threads show apart from the worker's.</li>
 *   <li><b>Per phase</b>: JFR's execution samples (every 2 ms; JFR samples only threads running
 *       Java code, so time in system calls and the JVM's runtime goes to the phases in proportion)
 *       of the worker's Java threads taken after the first claim, each put in the phase of the first rule in {@link #PHASES} that one of its
 *       frames matches; the Java threads' CPU is shared out in proportion to the samples.</li>
 *   <li><b>git processes</b>: a {@code git} first on the worker's {@code PATH} runs the real one
 *       and logs its arguments and CPU (with its children), by who started it: the worker JVM,
 *       or the agent ({@code claude} runs git too; that is not the worker's).</li>
 * </ul>
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.wvo.bench.TaskCpuProfile [--tasks 12] [--workers 1] [--latency-ms 2000]
 *     [--jfr yes] [--strace no] [--history 0] [--wvo ./wvo] [--keep no]</pre>
 *
 * {@code --history N} puts the records of N attempts that ended a day ago in {@code state/artifacts/} first (one
 * attempt of each of N earlier tasks, as a long run leaves them): what a task costs that grows with the history.
 *
 * {@code --workers N} (N above 1) hosts N workers in the one JVM ({@code wvo worker --id w1,w2,...}), the form
 * {@link SideBySideBenchmark}'s {@code --wvo-form one-jvm} measures: "after the first claim" is then after the
 * first claim of any of them.
 *
 * {@code --strace yes} also counts the worker's system calls after its first claim ({@code strace -c} on each of its threads):
 * how many forks, file writes and fsyncs a task makes; strace slows the worker, so that run's CPU
 * figures are not comparable with others.
 *
 * {@code bench/run-task-cpu-profile.sh} installs the agent CLIs, builds, and runs it without and with JFR.
 */
public final class TaskCpuProfile {

    /** Phase rules in order: a sample goes to the first whose frame prefix one of its frames starts with. */
    private static final List<Map.Entry<String, List<String>>> PHASES = List.of(
            Map.entry("claim (roadmap transaction)", List.of("dev.wvo.schedule.Scheduler.claimNext")),
            Map.entry("completion (roadmap transaction)", List.of("dev.wvo.schedule.Scheduler.complete")),
            Map.entry("worker record (status file)", List.of("dev.wvo.worker.WorkerRegistry.", "dev.wvo.worker.Worker.writeRecord")),
            Map.entry("waiting for changes", List.of("dev.wvo.worker.ChangeWaiter.")),
            Map.entry("merge test", List.of("dev.wvo.git.MergeTest.")),
            Map.entry("merge recorded (roadmap transaction)", List.of("dev.wvo.git.MergeOutcomes.")),
            Map.entry("merge queue: user's checkout (JGit status, git read-tree)", List.of("dev.wvo.git.MergeQueue.userChanges",
                    "dev.wvo.git.MergeQueue.updateCheckout")),
            Map.entry("lock leases (heartbeat)", List.of("dev.wvo.lock.FileLockManager.renewAll")),
            Map.entry("merge queue: its files and lock", List.of("dev.wvo.git.MergeQueueStore.", "dev.wvo.lock.")),
            Map.entry("merge queue: land (JGit)", List.of("dev.wvo.git.MergeQueue.", "dev.wvo.git.WorktreeWorkspace.drainQueue",
                    "dev.wvo.git.Rebase.", "dev.wvo.gitmerge.")),
            Map.entry("deliver: commit the agent's work (JGit)", List.of("dev.wvo.git.WorktreeWorkspace.commitLeftovers")),
            Map.entry("deliver: queue the branch", List.of("dev.wvo.git.WorktreeWorkspace.deliver")),
            Map.entry("worktree create", List.of("dev.wvo.git.WorktreeWorkspace.prepare", "dev.wvo.git.TaskWorktrees.create")),
            Map.entry("worktree remove", List.of("dev.wvo.git.WorktreeWorkspace.release", "dev.wvo.git.TaskWorktrees.remove")),
            Map.entry("worktree other", List.of("dev.wvo.git.")),
            Map.entry("conflict detection", List.of("dev.wvo.worker.AttemptConflicts.involving", "dev.wvo.conflict.")),
            Map.entry("context merge", List.of("dev.wvo.context.", "dev.wvo.worker.MergedContextNotes.")),
            Map.entry("attempt files (record, brief, copies)", List.of("dev.wvo.worker.AttemptRecord.", "dev.wvo.worker.AttemptBrief.",
                    "dev.wvo.worker.AttemptConflicts.keepChangedFiles", "dev.wvo.worker.AttemptOutput.", "dev.wvo.worker.GitPosition.")),
            Map.entry("expected changes check", List.of("dev.wvo.worker.ExpectedChanges.")),
            Map.entry("prompt", List.of("dev.wvo.worker.PromptBuilder.", "dev.wvo.pipeline.")),
            Map.entry("usage/cost ledger", List.of("dev.wvo.accounts.")),
            Map.entry("events (outside transactions)", List.of("dev.wvo.events.")),
            Map.entry("agent stream (stream-json)", List.of("dev.wvo.plugins.agentclaude.ClaudeStreamParser", "dev.wvo.spi.AgentProcess$",
                    "dev.wvo.spi.OutputSink")),
            Map.entry("agent start and end (process)", List.of("dev.wvo.plugins.agentclaude.", "dev.wvo.spi.")),
            Map.entry("agent run, other", List.of("dev.wvo.worker.StageRunner.")),
            Map.entry("worker loop, other", List.of("dev.wvo.worker.")));

    private TaskCpuProfile() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = new BenchArgs(args);
        int count = a.integer("tasks", 12);
        int workers = a.integer("workers", 1);
        Duration latency = Duration.ofMillis(a.integer("latency-ms", 2000));
        boolean jfr = a.text("jfr", "yes").equals("yes");
        boolean strace = a.text("strace", "no").equals("yes");
        int history = a.integer("history", 0);
        Path launcher = Launcher.find(a.text("wvo", "./wvo"));
        AgentClis.whyMissing().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        Launcher.awaitClassDataArchives(launcher);
        MachineDescription.print("TaskCpuProfile: " + (workers == 1 ? "one warm worker" : workers + " workers hosted in one JVM") + ", " + count + " tasks, model latency " + latency.toMillis()
                + " ms per request, JFR " + (jfr ? "on" : "off") + (history == 0 ? "" : ", " + history + " earlier attempts in the artifacts"),
                BenchDirectory.root());
        Path dir = BenchDirectory.create("task-cpu-");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        SideBySideBenchmark.createRepository(repo);
        List<Orchestrator.AgentTask> tasks = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            tasks.add(new Orchestrator.AgentTask("T" + i));
        }
        WvoWorkers wvo = new WvoWorkers(launcher, workers > 1);
        wvo.prepare(dir, repo, tasks);
        seedHistory(dir.resolve("state/artifacts"), history);
        Path events = dir.resolve("state/events.jsonl");
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            SideBySideBenchmark.script(api, latency);
            Map<String, String> environment = new HashMap<>(System.getenv());
            AgentEnvironment.in(dir, api).applyTo(environment);
            environment.put("PATH", gitWrapper(dir).getParent() + File.pathSeparator + environment.get("PATH"));
            Path recording = dir.resolve("worker.jfr");
            if (jfr) {
                environment.put("JAVA_TOOL_OPTIONS", "-XX:StartFlightRecording=filename=" + recording
                        + ",settings=profile,jdk.ExecutionSample#period=2ms -XX:FlightRecorderOptions=stackdepth=256");
            }
            ProcessBuilder builder = new ProcessBuilder(wvo.coordinators(dir, repo, workers).get(0)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            String loadBefore = MachineDescription.loadAverage();
            Process worker = builder.start();
            ThreadTimes times = new ThreadTimes(worker.pid());
            Map<String, Double> atFirstClaim = null;
            double[] processAtFirstClaim = null;
            Instant firstClaim = null;
            Process tracer = null;
            while (worker.isAlive()) {
                times.sample();
                if (atFirstClaim == null && Files.exists(events) && Files.readString(events).contains("\"claim\"")) {
                    atFirstClaim = times.byName();
                    processAtFirstClaim = times.process();
                    firstClaim = Instant.now();
                    if (strace) {
                        // each thread by itself: -f would follow the git and claude processes it starts too
                        List<String> command = new ArrayList<>(List.of("strace", "-c", "-o", dir.resolve("strace.txt").toString()));
                        try (java.util.stream.Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(worker.pid()), "task"))) {
                            threads.forEach(t -> command.addAll(List.of("-p", t.getFileName().toString())));
                        }
                        tracer = new ProcessBuilder(command).redirectErrorStream(true)
                                .redirectOutput(dir.resolve("strace.log").toFile()).start();
                    }
                }
                worker.waitFor(20, TimeUnit.MILLISECONDS);
            }
            if (atFirstClaim == null) {
                throw new IllegalStateException("the worker never claimed: see " + dir.resolve("worker.log"));
            }
            int landed = 0;
            for (Orchestrator.AgentTask task : tasks) {
                landed += Git.succeeds(repo, "cat-file", "-e", "main:" + task.file()) ? 1 : 0;
            }
            System.out.println("exit " + worker.exitValue() + ", " + landed + "/" + count + " tasks on main; load before "
                    + loadBefore + ", after " + MachineDescription.loadAverage());
            if (tracer != null && tracer.waitFor(1, TimeUnit.MINUTES)) {
                System.out.println("system calls of the worker's threads after its first claim (strace -c on each thread there at the first claim; CPU figures of this run "
                        + "are strace's, not comparable):");
                Files.readAllLines(dir.resolve("strace.txt")).stream().limit(30).forEach(l -> System.out.println("  " + l));
            }
            double[] process = times.process();
            System.out.printf(Locale.ROOT, "worker process CPU after the first claim (/proc/PID/stat): user %.0f ms, system %.0f ms;"
                    + " per task %.0f ms%n", process[0] - processAtFirstClaim[0], process[1] - processAtFirstClaim[1],
                    (process[0] + process[1] - processAtFirstClaim[0] - processAtFirstClaim[1]) / count);
            // the figure the side-by-side counts (with the git processes): start-up, class loading and the first JIT work included
            System.out.printf(Locale.ROOT, "worker process CPU, the whole run (start-up included): %.0f ms; per task %.0f ms%n",
                    process[0] + process[1], (process[0] + process[1]) / count);
            report(atFirstClaim, times.byName(), count, jfr ? recording : null, firstClaim, dir.resolve("git.log"));
        } finally {
            if (!a.text("keep", "no").equals("yes")) {
                BenchDirectory.delete(dir);
            } else {
                System.out.println("kept " + dir);
            }
        }
    }

    /**
     * The artifacts of {@code count} earlier tasks, one successful attempt each that ended a day ago:
     * its record as a worker writes it (file times a day old too) and the copy of the file it changed.
     */
    private static void seedHistory(Path artifacts, int count) throws IOException {
        Instant ended = Instant.now().minus(Duration.ofDays(1));
        FileTime time = FileTime.from(ended);
        for (int i = 1; i <= count; i++) {
            String task = "H" + i;
            Path attempt = Files.createDirectories(artifacts.resolve(task).resolve("1"));
            Path copy = Files.createDirectories(attempt.resolve("files/out")).resolve(task + ".txt");
            Files.writeString(copy, task + "\n");
            Path record = attempt.resolve("attempt.json");
            Files.writeString(record, ("{\"task\":\"%1$s\",\"attempt\":1,\"worker\":\"w1\",\"agent\":\"claude\","
                    + "\"started_at\":\"%2$s\",\"finished_at\":\"%3$s\",\"outcome\":\"success\","
                    + "\"changed_files\":[\"out/%1$s.txt\"],\"working_directory\":\"/tmp/wt/w1\",\"branch\":\"wvo/%1$s\"}")
                    .formatted(task, ended.minusSeconds(30), ended));
            for (Path p : List.of(copy, record, copy.getParent(), attempt.resolve("files"), attempt, attempt.getParent())) {
                Files.setLastModifiedTime(p, time);
            }
        }
    }

    /**
     * CPU of a process's threads from {@code /proc}, each thread's last sample kept after it exits
     * (an agent's stream readers live for one run), and of the whole process (which counts exited
     * threads in full).
     */
    private static final class ThreadTimes {
        private final long pid;
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, Double> millis = new HashMap<>();
        private double[] process = {0, 0};

        ThreadTimes(long pid) {
            this.pid = pid;
        }

        void sample() {
            try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
                for (Path task : tasks.toList()) {
                    String[] stat = stat(task.resolve("stat"));
                    if (stat != null) {
                        names.put(task.getFileName().toString(), stat[0]);
                        millis.put(task.getFileName().toString(), ticks(stat, 11) + ticks(stat, 12));
                    }
                }
                String[] whole = stat(Path.of("/proc", Long.toString(pid), "stat"));
                if (whole != null) {
                    process = new double[] {ticks(whole, 11), ticks(whole, 12)};
                }
            } catch (IOException | RuntimeException gone) {
                // the process exited between two reads: its last sample stands
            }
        }

        Map<String, Double> byName() {
            Map<String, Double> sums = new TreeMap<>();
            millis.forEach((tid, ms) -> sums.merge(names.get(tid), ms, Double::sum));
            return sums;
        }

        double[] process() {
            return process.clone();
        }

        /** The name, then the fields after it ({@code state} is 0, {@code utime} 11, {@code stime} 12); null if gone. */
        private static String[] stat(Path file) {
            try {
                String stat = Files.readString(file);
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                String[] withName = new String[fields.length + 1];
                withName[0] = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                System.arraycopy(fields, 0, withName, 1, fields.length);
                return withName;
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        private static double ticks(String[] stat, int field) {
            return Long.parseLong(stat[field + 1]) * 10.0;
        }
    }

    /** A {@code git} that runs the real one and logs who started it, its arguments and the CPU it used with its children. */
    private static Path gitWrapper(Path dir) throws IOException, InterruptedException {
        Process which = new ProcessBuilder("bash", "-c", "command -v git").start();
        String real = new String(which.getInputStream().readAllBytes()).trim();
        which.waitFor();
        Path wrapper = Files.createDirectories(dir.resolve("git-bin")).resolve("git");
        Files.writeString(wrapper, """
                #!/bin/bash
                # the real git, measured: who started it, its first two arguments, then its CPU with its children
                # (`times` of this shell: a $(...) subshell has no children)
                "%1$s" "$@"
                rc=$?
                times > "%2$s.$$"
                printf '%%s\t%%s %%s\t%%s\n' "$(cat /proc/$PPID/comm)" "$1" "$2" "$(tail -1 "%2$s.$$")" >> "%2$s"
                rm -f "%2$s.$$"
                exit $rc
                """.formatted(real, dir.resolve("git.log")));
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
        return wrapper;
    }

    private static void report(Map<String, Double> atFirstClaim, Map<String, Double> atEnd, int tasks, Path recording,
                               Instant firstClaim, Path gitLog) throws IOException {
        Map<String, Double> perThread = new TreeMap<>();
        atEnd.forEach((name, ms) -> perThread.put(name, ms - atFirstClaim.getOrDefault(name, 0.0)));
        double total = perThread.values().stream().mapToDouble(Double::doubleValue).sum();
        double jfrThreads = perThread.entrySet().stream().filter(e -> e.getKey().startsWith("JFR"))
                .mapToDouble(Map.Entry::getValue).sum();
        System.out.printf(Locale.ROOT, "%nworker JVM CPU after the first claim: %.0f ms, %.0f ms per task "
                + "(without JFR's own threads: %.0f ms per task)%n", total, total / tasks, (total - jfrThreads) / tasks);
        System.out.println("per thread, ms per task: after the first claim, and over the whole run (start-up included)");
        perThread.entrySet().stream().filter(e -> atEnd.get(e.getKey()) > 0)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-24s %7.1f %7.1f%n", e.getKey(), e.getValue() / tasks,
                        atEnd.get(e.getKey()) / tasks));
        gitReport(gitLog, tasks);
        if (recording != null && Files.exists(recording)) {
            double javaThreads = perThread.entrySet().stream().filter(e -> !isVmThread(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).sum();
            phaseReport(recording, firstClaim, javaThreads, tasks);
        }
    }

    /** Threads of the JVM itself (JIT, GC, JFR, ...), not of wvo's code; "java" is the main thread. */
    private static boolean isVmThread(String name) {
        return name.startsWith("C1 ") || name.startsWith("C2 ") || name.startsWith("GC ") || name.startsWith("JFR")
                || name.startsWith("VM ") || name.startsWith("Service Thread")
                || name.startsWith("Sweeper") || name.startsWith("Signal") || name.startsWith("Common-Cleaner")
                || name.startsWith("Reference") || name.startsWith("Finalizer") || name.startsWith("Monitor Deflation");
    }

    private static void gitReport(Path gitLog, int tasks) throws IOException {
        if (!Files.exists(gitLog)) {
            System.out.println("no git processes");
            return;
        }
        Map<String, double[]> byCommand = new TreeMap<>();
        for (String line : Files.readAllLines(gitLog)) {
            String[] parts = line.split("\t");
            String who = parts[0].equals("java") ? "worker" : "agent (" + parts[0] + ")";
            String[] args = parts[1].split(" ");
            String command = who + ": git " + args[0] + (args.length > 1 && args[0].equals("worktree") ? " " + args[1] : "");
            double[] sums = byCommand.computeIfAbsent(command, c -> new double[2]);
            sums[0]++;
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)m([\\d.]+)s").matcher(parts[2]);
            while (m.find()) {
                sums[1] += (Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))) * 1000;
            }
        }
        System.out.println("git processes (whole run, first claim included), per task: count, CPU ms");
        byCommand.forEach((command, sums) -> System.out.printf(Locale.ROOT, "  %-40s %5.2f %7.1f%n", command,
                sums[0] / tasks, sums[1] / tasks));
    }

    private static void phaseReport(Path recording, Instant firstClaim, double javaThreadsMs, int tasks) throws IOException {
        Map<String, Integer> samples = new LinkedHashMap<>();
        Map<String, Integer> hotOther = new HashMap<>();
        int all = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStartTime().isBefore(firstClaim)
                    || event.getStackTrace() == null) {
                continue;
            }
            all++;
            List<String> frames = event.getStackTrace().getFrames().stream().map(TaskCpuProfile::name).toList();
            String phase = PHASES.stream().filter(rule -> frames.stream().anyMatch(f -> rule.getValue().stream().anyMatch(f::startsWith)))
                    .map(Map.Entry::getKey).findFirst().orElse("outside wvo's code (thread " + event.getThread("sampledThread")
                            .getJavaName() + ")");
            samples.merge(phase, 1, Integer::sum);
            // the innermost frames of each sample: what the phase spends its time in
            hotOther.merge(phase + " <- " + String.join(" < ", frames.subList(0, Math.min(3, frames.size()))), 1, Integer::sum);
        }
        System.out.printf(Locale.ROOT, "per phase (JFR execution samples after the first claim: %d; Java threads' %.0f ms "
                + "shared out by samples), ms per task:%n", all, javaThreadsMs);
        int total = all;
        samples.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %-44s %5d samples %7.1f ms%n", e.getKey(), e.getValue(),
                        javaThreadsMs * e.getValue() / total / tasks));
        System.out.println("hottest stacks (phase <- innermost frames):");
        hotOther.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(40)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %4d  %s%n", e.getValue(), e.getKey()));
    }

    private static String name(RecordedFrame frame) {
        RecordedMethod method = frame.getMethod();
        return method.getType().getName() + "." + method.getName();
    }
}
