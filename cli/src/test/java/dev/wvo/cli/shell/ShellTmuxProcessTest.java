package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;
import dev.wvo.cli.Main;
import dev.wvo.worker.WorkerControl;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo shell} in a real terminal: a detached tmux session of fixed size runs a new JVM on
 * this test's class path; keys are sent with {@code send-keys} and the screen is read with
 * {@code capture-pane}. Skipped when tmux is not installed.
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

    @TempDir
    Path dir;

    private Path state;
    private ShellFixture fixture;
    private String socket;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed (apt-get install -y tmux); the terminal test needs it");
        state = Files.createDirectories(dir.resolve("state"));
        fixture = new ShellFixture(state);
        // a server of our own, its socket in the temp dir, so the test never touches the user's sessions
        socket = dir.resolve("tmux.sock").toString();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (socket != null) {
            tmux("kill-server");
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void dashboardCommandsCompletionAndQuit_workInARealTerminal() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path exitStatus = dir.resolve("shell.status");
        String command = String.join(" ", List.of(quote(java), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", quote(System.getProperty("java.class.path")), Main.class.getName(),
                "--state", quote(state.toString()), "shell"))
                + "; echo $? > " + quote(exitStatus.toString());
        assertThat(tmux("new-session", "-d", "-s", SESSION, "-x", "160", "-y", "50")).isZero();
        assertThat(tmux("set-option", "-t", SESSION, "remain-on-exit", "on")).isZero();
        assertThat(tmux("respawn-pane", "-k", "-t", SESSION, command)).isZero();

        awaitScreen("the dashboard", s -> s.contains("wvo shell -") && s.contains("1/3 done")
                && s.contains("worker-1") && s.contains("beta-api#1") && s.contains("wvo>"));

        Set<String> spinnerFrames = new HashSet<>();
        await("the dashboard to be redrawn in place, turning the spinner").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    capture().lines().filter(l -> l.contains("worker-1") && l.contains("working"))
                            .forEach(l -> spinnerFrames.add(l.strip().substring(0, 1)));
                    return spinnerFrames.size() >= 2;
                });
        assertThat(spinnerFrames).isSubsetOf("|", "/", "-", "\\");

        send("task list", "Enter");
        awaitScreen("the task list", s -> s.contains("wvo> task list") && s.contains("gamma-docs")
                && s.contains("Document it"));

        send("task show gam", "Tab");
        awaitScreen("the completed task id", s -> s.contains("wvo> task show gamma-docs"));
        send("Enter");
        awaitScreen("the task", s -> s.contains("title: Document it") && s.contains("- beta-api"));

        send("worker pause all", "Enter");
        awaitScreen("the pause answer", s -> s.contains("Asked all workers to pause"));
        assertThat(new WorkerControl(new StateDir(state)).requestFor("worker-1"))
                .isEqualTo(WorkerControl.Request.PAUSE);

        send("nonsense", "Enter");
        awaitScreen("one error line", s -> s.contains("error: unknown command 'nonsense'"));

        send("quit", "Enter");
        await("the shell to end").atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(exitStatus) && !Files.readString(exitStatus).isBlank()
                        && display("#{pane_dead}").equals("1"));
        assertThat(Files.readString(exitStatus).strip()).as("the shell's exit status").isEqualTo("0");
        assertThat(Files.readString(state.resolve(".shell-history"))).contains("task list", "task show gamma-docs",
                "worker pause all");
    }

    private void awaitScreen(String what, java.util.function.Predicate<String> condition) {
        await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(this::capture, condition::test);
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
