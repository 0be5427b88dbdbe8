package dev.wvo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.cli.shell.WorkerLauncher;
import dev.wvo.lock.FileLockManager;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shell's spawn and stop with real processes: a shell reading from a pipe starts a detached
 * worker, ends, and the worker runs on, works tasks with the shell backend, and stops when a
 * second shell or {@code wvo worker stop all} asks it to.
 */
@Tag("process")
class ShellSpawnProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern STARTED = Pattern.compile("started (worker\\d+) \\(pid (\\d+), agent shell\\); log (\\S+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;
    private int shells;
    private final List<Long> spawned = new ArrayList<>();

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    /** Workers that a failing test left running are ended here, by the pids spawn reported. */
    @AfterEach
    void endLeftovers() {
        spawned.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private String shell(String input) throws Exception {
        CliProcess shell = CliProcess.start(dir, "shell" + ++shells, Map.of(), "--state", state.toString(),
                "--plugins", plugins.toString(), "shell");
        try (OutputStream in = shell.process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(shell.exitCode()).as(shell.stderr()).isZero();
        return shell.stdout();
    }

    private List<Spawned> spawnedIn(String output) {
        List<Spawned> out = new ArrayList<>();
        Matcher m = STARTED.matcher(output);
        while (m.find()) {
            Spawned s = new Spawned(m.group(1), Long.parseLong(m.group(2)), Path.of(m.group(3)));
            spawned.add(s.pid());
            out.add(s);
        }
        return out;
    }

    private record Spawned(String id, long pid, Path log) {
    }

    private void addTask(String id) {
        Cli.Result r = Cli.inState(state, "task", "add", id, "--title", "Task " + id, "--owns", "out/" + id,
                "--command", "echo " + id + " >> ran.txt");
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private String taskStatus(String id) throws IOException {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out()).path("status").asText();
    }

    private boolean presenceHeld(String id) {
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            return new WorkerPresence(locks).isAlive(id);
        }
    }

    /** The session id of a process, from {@code /proc/PID/stat} (the fourth field after the command). */
    private static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Test
    void spawnedWorker_outlivesTheShell_worksTasks_andStopsWhenASecondShellSaysStop() throws Exception {
        addTask("t1");

        String out = shell("spawn --agent shell\n");

        List<Spawned> started = spawnedIn(out);
        assertThat(started).as(out).hasSize(1);
        Spawned w = started.get(0);
        assertThat(w.id()).isEqualTo("worker1");
        assertThat(w.log()).isEqualTo(state.toAbsolutePath().resolve("workers").resolve("worker1.log"));
        // the shell has ended: the worker runs on, registered under the id spawn chose
        assertThat(alive(w.pid())).isTrue();
        assertThat(presenceHeld("worker1")).isTrue();
        if (WorkerLauncher.setsid().isPresent() && Files.isDirectory(Path.of("/proc"))) {
            assertThat(sessionOf(w.pid())).as("a session of its own, out of reach of the terminal's Ctrl-C and hang-up")
                    .isEqualTo(w.pid());
        }
        assertThat(new WorkerRegistry(state.resolve("workers")).read("worker1")).map(WorkerRecord::pid)
                .contains(w.pid());

        await("t1 done by the spawned worker").atMost(PATIENCE).until(() -> taskStatus("t1"), "done"::equals);
        addTask("t2");
        await("t2 done as well").atMost(PATIENCE).until(() -> taskStatus("t2"), "done"::equals);
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).containsExactly("t1", "t2");

        String stop = shell("worker stop nobody\nworker stop worker1\n");

        assertThat(stop).contains("wvo: no live worker 'nobody'").contains("Asked worker1 to stop");
        await("the worker to stop").atMost(PATIENCE).until(() -> !alive(w.pid()));
        assertThat(presenceHeld("worker1")).isFalse();
        assertThat(Files.readString(w.log())).contains("worker1: started").contains("worker1: stopped after 2 tasks");
    }

    @Test
    void twoSpawns_takeTheNextFreeIds_andWorkerStopAllEndsBoth_afterwhichSpawnIsRefused() throws Exception {
        String out = shell("spawn\nspawn --bogus\nspawn --agent shell --domains api\nspawn\n");

        assertThat(out).contains("wvo: the first spawn needs --agent NAME")
                .contains("wvo: Unknown option: '--bogus'");
        List<Spawned> started = spawnedIn(out);
        assertThat(started).as(out).extracting(Spawned::id).containsExactly("worker1", "worker2");
        started.forEach(s -> assertThat(alive(s.pid())).as(s.id()).isTrue());
        assertThat(Files.readString(started.get(1).log())).contains("worker2: started");

        Cli.Result stop = Cli.inState(state, "worker", "stop", "all");

        assertThat(stop.exitCode()).as(stop.err()).isZero();
        assertThat(stop.out()).contains("Asked all workers to stop (2 running: worker1, worker2)");
        started.forEach(s -> await(s.id() + " to stop").atMost(PATIENCE).until(() -> !alive(s.pid())));
        assertThat(shell("spawn --agent shell\n")).contains("wvo: a stop request for all workers holds")
                .contains("type worker resume all first").doesNotContain("started worker");
    }
}
