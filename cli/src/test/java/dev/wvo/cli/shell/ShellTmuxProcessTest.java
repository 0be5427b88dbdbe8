package dev.wvo.cli.shell;

import dev.wvo.cli.Main;
import dev.wvo.cli.ReactorPlugins;
import dev.wvo.fs.StateDir;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo shell} in a real terminal on a live run: a detached tmux session of fixed size runs
 * a new JVM on this test's class path; the shell spawns real workers (the shell backend) whose
 * tasks print a numbered line every 0.2 s until the test lets them end; keys are sent with
 * {@code send-keys} and the screen is read with {@code capture-pane}. Skipped when tmux is not
 * installed.
 *
 * <p>The shell's exit status is written by the pane's own {@code sh}, not read from tmux's
 * {@code #{pane_dead_status}}: a tmux built with libutempter removes the pane's utmp record when
 * the pty closes, and while the utempter helper runs its own SIGCHLD handler is in place. A JVM
 * closes the pty well before its last thread is gone, so its SIGCHLD often lands in that window;
 * tmux then never reaps it and the status stays empty forever (tmux issue 311).
 */
@Tag("process")
class ShellTmuxProcessTest {

    private static final String SESSION = "wvo-shell";
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path state;
    private String socket;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed (apt-get install -y tmux); the terminal test needs it");
        state = dir.resolve("state");
        assertThat(Main.newCommandLine(Map.of()).execute("--state", state.toString(), "init")).isZero();
        StringBuilder roadmap = new StringBuilder("version: 2\ntasks:\n");
        for (String id : List.of("t1", "t2", "t3")) {
            roadmap.append("""
                      - id: %s
                        title: Count for %s
                        owns: [out/%s]
                        command: 'n=0; while [ ! -e %s ]; do n=$((n+1)); echo "%s line $n"; sleep 0.2; done'
                    """.formatted(id, id, id, dir.resolve("end-" + id), id));
        }
        roadmap.append("""
                  - id: gamma-docs
                    title: Document it
                    status: pending
                    dependencies: [t3]
                """);
        Files.writeString(state.resolve("roadmap.yaml"), roadmap.toString());
        // the shell runs in a repository, as merge-queue next (the m key) needs one
        for (List<String> git : List.of(List.of("git", "init", "-q", "-b", "main"), List.of("git", "-c", "user.name=Test",
                "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "init"))) {
            assertThat(new ProcessBuilder(git).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor()).isZero();
        }
        // a server of our own, its socket in the temp dir, so the test never touches the user's sessions
        socket = dir.resolve("tmux.sock").toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        // what runs is known before tmux hangs up on it (a worker that stops deregisters), and every
        // process ends before the directory is deleted under what it writes
        List<ProcessHandle> running = new ArrayList<>();
        if (state != null && Files.isDirectory(state.resolve("workers"))) {
            // workers a failing test left running, by the pids they registered
            new WorkerRegistry(state.resolve("workers")).list().stream().map(WorkerRecord::pid)
                    .forEach(pid -> ProcessHandle.of(pid).ifPresent(running::add));
        }
        if (socket != null) {
            output("list-panes", "-a", "-F", "#{pane_pid}").lines().filter(l -> l.matches("\\d+")).map(Long::parseLong)
                    .flatMap(pid -> ProcessHandle.of(pid).stream())
                    .forEach(pane -> {
                        running.add(pane);
                        pane.descendants().forEach(running::add);
                    });
            tmux("kill-server");
        }
        for (ProcessHandle process : running) {
            process.destroyForcibly();
            process.onExit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @Test
    void liveRunWithTwoWorkers_panelsKeysFollowingAndTheCommandLine() throws Exception {
        Path exitStatus = startShell(Map.of());
        awaitScreen("the full screen", s -> s.contains("Workers (w) 0 running") && s.contains("Tasks (t) 4")
                && s.contains("waits for t3") && s.contains("q quit"));

        send(":spawn --agent shell", "Enter");
        awaitScreen("the first worker", s -> s.contains("started worker1"));
        send("+");
        String both = awaitScreen("two workers at work, each with its last output line", s -> {
            Map<String, String> at = tasksAtWork(s);
            return at.size() == 2 && at.values().stream().allMatch(t -> s.matches("(?s).*" + t + " line \\d+.*"));
        });
        Map<String, String> at = tasksAtWork(both);
        String first = at.get("worker1");
        String second = at.get("worker2");
        String third = Stream.of("t1", "t2", "t3").filter(t -> !at.containsValue(t)).findFirst().orElseThrow();
        awaitScreen("events as sentences", s -> s.matches("(?s).*\\d\\d:\\d\\d worker1 started " + first + " with shell.*")
                && s.matches("(?s).*\\d\\d:\\d\\d worker2 started " + second + " with shell.*"));

        send("2", "Enter");
        int seen = lastLineNumber(awaitScreen("worker2's output", s -> s.contains("Output of worker2")
                && s.contains("following") && s.contains(second + " line 1")), second);
        awaitScreen("new lines of worker2's output", s -> lastLineNumber(s, second) >= seen + 3);
        assertThat(capture()).doesNotContain(first + " line");
        send("Escape");
        awaitScreen("the panels again", s -> s.contains("Tasks (t)") && !s.contains("Output of"));

        send("t", "/", "status:pending", "Enter");
        awaitScreen("the filtered tasks", s -> s.contains("2 of 4 match /status:pending") && s.contains("gamma-docs"));

        send("1", "p");
        awaitScreen("the pause answer", s -> s.contains("Asked worker1 to pause"));
        assertThat(new WorkerControl(new StateDir(state)).requestFor("worker1")).isEqualTo(WorkerControl.Request.PAUSE);
        Files.createFile(dir.resolve("end-" + first));
        awaitScreen("worker1 finished its task and paused", s -> s.matches("(?s).*1\\s+worker1\\s+paused.*")
                && s.matches("(?s).*\\d\\d:\\d\\d worker1 finished " + first + " in \\d+s.*"));
        send("p");
        awaitScreen("worker1 resumed, at the third task",
                s -> s.matches("(?s).*1\\s+worker1\\s+working\\s+shell\\s+" + third + "#1.*"));

        send(":task show gam", "Tab");
        awaitScreen("the completed task id", s -> s.contains(": task show gamma-docs"));
        send("Enter");
        awaitScreen("the task", s -> s.contains("title: Document it") && s.contains("- t3"));

        send("Escape", "-");
        awaitScreen("the newest asked to stop", s -> s.contains("Asked worker2 (the most recently started) to stop"));
        send("1", "s");
        awaitScreen("worker1 asked to stop", s -> s.contains("Asked worker1 to stop"));
        Files.createFile(dir.resolve("end-" + second));
        Files.createFile(dir.resolve("end-" + third));
        awaitScreen("both workers gone after their tasks", s -> s.contains("Workers (w) 0 running")
                && s.contains("3/4 done"));

        assertThat(tmux("resize-window", "-t", SESSION, "-x", "110", "-y", "30")).isZero();
        awaitScreen("the view redrawn for 110x30, the key line at the bottom", s -> {
            List<String> rows = s.lines().toList();
            return rows.size() == 30 && rows.get(0).startsWith("wvo  [") && rows.get(29).startsWith("Tab/w/t/m/e panel")
                    && rows.stream().allMatch(r -> r.length() <= 110);
        });

        send("m");
        awaitScreen("the merge queue's keys", s -> s.contains("m land the next merge"));
        send("m");
        awaitScreen("merge-queue next's own answer", s -> s.contains("Nothing to land: no queued entry is ready"));

        send("q");
        awaitExit(exitStatus);
        assertThat(Files.readString(state.resolve(".shell-history"))).contains("spawn --agent shell", "task show gamma-docs");
    }

    @Test
    void onADumbTerminal_theShellIsAPromptWithPlainAnswers() throws Exception {
        Path exitStatus = startShell(Map.of("TERM", "dumb"));
        awaitScreen("the text dashboard and the prompt", s -> s.contains("wvo shell -") && s.contains("wvo>"));
        send("task list", "Enter");
        awaitScreen("the answer under its line", s -> s.contains("wvo> task list") && s.contains("gamma-docs")
                && s.contains("Count for t1"));
        assertThat(capture()).doesNotContain("Workers (w)");
        send("quit", "Enter");
        awaitExit(exitStatus);
    }

    /** Starts {@code wvo shell} in a 160x50 pane; answers the file its exit status will be written to. */
    private Path startShell(Map<String, String> environment) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path exitStatus = dir.resolve("shell.status");
        StringBuilder env = new StringBuilder();
        environment.forEach((k, v) -> env.append(k).append('=').append(quote(v)).append(' '));
        String command = "cd " + quote(dir.toString()) + " && " + env + String.join(" ", List.of(quote(java),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", quote(System.getProperty("java.class.path")),
                Main.class.getName(), "--state", quote(state.toString()), "--plugins",
                quote(ReactorPlugins.folderIn(dir).toString()), "shell"))
                + "; echo $? > " + quote(exitStatus.toString());
        assertThat(tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50")).isZero();
        assertThat(tmux("set-option", "-t", SESSION, "remain-on-exit", "on")).isZero();
        assertThat(tmux("respawn-pane", "-k", "-t", SESSION, command)).isZero();
        return exitStatus;
    }

    private void awaitExit(Path exitStatus) {
        await("the shell to end").atMost(PATIENCE)
                .until(() -> Files.exists(exitStatus) && !Files.readString(exitStatus).isBlank()
                        && display("#{pane_dead}").equals("1"));
        assertThat(readQuietly(exitStatus).strip()).as("the shell's exit status").isEqualTo("0");
    }

    /** Which task each working worker of the workers panel runs. */
    private static Map<String, String> tasksAtWork(String screen) {
        Matcher m = Pattern.compile("\\d\\s+(worker\\d)\\s+working\\s+shell\\s+(t\\d)#1").matcher(screen);
        Map<String, String> at = new HashMap<>();
        while (m.find()) {
            at.put(m.group(1), m.group(2));
        }
        return at;
    }

    /** The highest {@code N} of the lines {@code <task> line N} on the screen, or 0. */
    private static int lastLineNumber(String screen, String task) {
        Matcher m = Pattern.compile(task + " line (\\d+)").matcher(screen);
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    private String awaitScreen(String what, Predicate<String> condition) {
        return await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(this::capture, condition::test);
    }

    private void send(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        assertThat(tmux(args.toArray(String[]::new))).isZero();
    }

    private String capture() throws Exception {
        return output("capture-pane", "-p", "-t", SESSION);
    }

    private String display(String format) throws Exception {
        return output("display-message", "-p", "-t", SESSION, format).strip();
    }

    private String output(String... args) throws Exception {
        Process p = new ProcessBuilder(tmuxCommand(args)).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return text;
    }

    private int tmux(String... args) throws Exception {
        Process p = new ProcessBuilder(tmuxCommand(args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tmux " + String.join(" ", args) + " did not end within 30 s");
        }
        return p.exitValue();
    }

    private List<String> tmuxCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-S", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        return command;
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    private static boolean tmuxInstalled() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
