package dev.wvo.cli;

import dev.wvo.cli.shell.TmuxLayout;
import dev.wvo.fs.StateDir;
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
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo up --tmux} with the real tmux, on a tmux server of the test's own (its socket in the
 * temp dir, so the user's sessions are never touched): the dashboard and one window per worker,
 * workers that run their tasks, show in {@code wvo ps} and stop with {@code wvo down} like workers
 * started by hand, and a second {@code up --tmux} whose worker takes the place of the window its
 * predecessor left. Without tmux on the PATH, {@code up --tmux} says so and starts nothing.
 */
@Tag("process")
class UpTmuxProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String SESSION = "wvo-test";

    @TempDir
    Path dir;

    private Path state;
    private Map<String, String> env;

    @BeforeEach
    void init() throws IOException {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        env = new HashMap<>(Map.of("TMUX_TMPDIR", Files.createDirectories(dir.resolve("tmux")).toString()));
    }

    @AfterEach
    void stopEverything() throws Exception {
        // what runs is known before tmux hangs up on it: a worker that stops deregisters, and every
        // process of the panes must have ended before the directory is deleted under what it writes
        List<ProcessHandle> running = new ArrayList<>();
        new WorkerRegistry(new StateDir(state).workers()).list()
                .forEach(r -> ProcessHandle.of(r.pid()).ifPresent(running::add));
        if (Files.isDirectory(dir.resolve("tmux"))) {
            tmux("list-panes", "-a", "-F", "#{pane_pid}").lines().filter(l -> l.matches("\\d+")).map(Long::parseLong)
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

    private static boolean tmuxInstalled() {
        return TmuxLayout.find(System.getenv()).isPresent();
    }

    /** tmux on the test's server: TMUX taken out, so that a test run inside tmux does not reach the user's. */
    private String tmux(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("tmux"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("TMUX");
        builder.environment().putAll(env);
        Process p = builder.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Test
    void upTmux_laysThePoolOutInWindows_andItsWorkersAreListedAndStoppedLikeAnyOther() throws Exception {
        Assumptions.assumeTrue(tmuxInstalled(), "tmux is not installed (apt-get install -y tmux); --tmux needs it");
        Path work = Files.createDirectories(dir.resolve("work"));
        for (String id : List.of("t1", "t2")) {
            Cli.Result add = Cli.inState(state, "task", "add", id, "--title", "Task " + id, "--owns", "out/" + id,
                    "--command", "mkdir -p out && echo " + id + " > out/" + id + ".txt && echo wrote " + id);
            assertThat(add.exitCode()).as(add.err()).isZero();
        }

        Path plugins = ReactorPlugins.folderIn(dir);
        CliProcess up = CliProcess.start(dir, "up", env, Set.of("TMUX", "TMUX_PANE"), "--state", state.toString(),
                "--plugins", plugins.toString(), "up", "--tmux", "--tmux-session", SESSION,
                "--workers", "2", "--stagger", "0s", "--agent", "shell", "--workdir", work.toString());

        assertThat(up.exitCode()).as(up.stderr() + up.stdout()).isZero();
        assertThat(up.stdout()).contains("created tmux session " + SESSION + " with the dashboard",
                "in window " + SESSION + ":pool-1", "in window " + SESSION + ":pool-2",
                "see the pool: tmux attach -t " + SESSION);
        assertThat(tmux("list-windows", "-t", SESSION, "-F", "#{window_name}").lines())
                .containsExactly("dashboard", "pool-1", "pool-2");
        await().atMost(PATIENCE).until(() -> Cli.json(state, "task", "list", "--json").findValuesAsText("status").stream()
                .filter("done"::equals).count() == 2);
        assertThat(work.resolve("out/t1.txt")).hasContent("t1");
        List<String> alive = new ArrayList<>();
        Cli.json(state, "ps", "--json").get("workers").forEach(w -> {
            if (w.get("pool").asBoolean() && w.get("alive").asBoolean()) {
                alive.add(w.get("id").asText());
            }
        });
        assertThat(alive).containsExactlyInAnyOrder("pool-1", "pool-2");
        String windows = tmux("capture-pane", "-p", "-t", SESSION + ":pool-1") + tmux("capture-pane", "-p", "-t",
                SESSION + ":pool-2");
        assertThat(windows).as("each worker's output is its window").contains("wrote t1", "wrote t2");

        Cli.Result down = Cli.inState(state, "down", "--now");

        assertThat(down.exitCode()).as(down.err() + down.out()).isZero();
        assertThat(down.out()).contains("stopped pool-1, pool-2");
        await().atMost(PATIENCE).until(() -> tmux("capture-pane", "-p", "-t", SESSION + ":pool-1")
                .contains("[wvo] pool-1 ended with status"));

        CliProcess again = CliProcess.start(dir, "up-again", env, Set.of("TMUX", "TMUX_PANE"), "--state",
                state.toString(), "--plugins", plugins.toString(), "up", "--tmux", "--tmux-session",
                SESSION, "--workers", "1", "--agent", "shell", "--workdir", work.toString());

        assertThat(again.exitCode()).as(again.stderr() + again.stdout()).isZero();
        assertThat(again.stdout()).contains("tmux session " + SESSION + " runs already", "in window " + SESSION + ":pool-1");
        assertThat(tmux("list-windows", "-t", SESSION, "-F", "#{window_name}").lines())
                .as("the new pool-1 took the old one's place").containsExactlyInAnyOrder("dashboard", "pool-1", "pool-2");
        assertThat(tmux("capture-pane", "-p", "-t", SESSION + ":pool-1")).doesNotContain("ended with status");
    }

    @Test
    void upTmux_withoutTmux_saysWhatToDo_andStartsNothing() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-tmux-here"));

        Cli.Result up = Cli.run(Map.of("PATH", empty.toString()), "--state", state.toString(), "up", "--tmux",
                "--agent", "shell");

        assertThat(up.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(up.err()).contains("--tmux needs tmux, and there is none on the PATH; install it");
        assertThat(state.resolve("pool.json")).doesNotExist();
        assertThat(new WorkerRegistry(new StateDir(state).workers()).list()).isEmpty();
    }
}
