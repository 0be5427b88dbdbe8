package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo worker} as separate JVMs sharing one state directory, with the real shell backend:
 * every task runs exactly once, a killed worker's task is finished by another, and SIGTERM gives
 * the running task back.
 */
@Tag("process")
class WorkerProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Waits for the file {@code go} in the working directory, after saying it started. */
    private static final String WAIT_FOR_GO = "echo started > started; while [ ! -f go ]; do sleep 0.05; done; ";

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    private CliProcess worker(String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "worker", "--id", name, "--agent", "shell",
                "--plugins", plugins.toString(), "--workdir", dir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, Map.of(), args.toArray(String[]::new));
    }

    private JsonNode task(String id) throws IOException {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
    }

    @Test
    void threeWorkers_runTwelveTasks_eachExactlyOnce() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 12).mapToObj(i -> "t" + i).toList();
        ids.forEach(id -> Cli.addShellTask(state, id, "echo " + id + " >> ran.txt"));

        List<CliProcess> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2", "w3")) {
            workers.add(worker(name, "--exit-when-idle"));
        }
        for (CliProcess w : workers) {
            assertThat(w.exitCode()).as(w.stderr()).isZero();
        }

        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).hasSize(12).containsExactlyInAnyOrderElementsOf(ids);
        JsonNode tasks = JSON.readTree(Cli.inState(state, "task", "list", "--json").out());
        assertThat(tasks.findValuesAsText("status")).hasSize(12).containsOnly("done");
        assertThat(tasks.findValues("attempts")).allMatch(a -> a.asInt() == 1);
        int ranByWorkers = workers.stream().mapToInt(w -> count(w.stdout(), " done")).sum();
        assertThat(ranByWorkers).isEqualTo(12);
    }

    @Test
    void aKilledWorkersTask_isFinishedByAnotherWorker() throws Exception {
        Cli.addShellTask(state, "slow", WAIT_FOR_GO + "echo slow >> ran.txt");
        CliProcess doomed = worker("doomed");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started")));
        assertThat(task("slow").get("claim").get("worker").asText()).isEqualTo("doomed");

        // SIGKILL the worker's JVM, then the shell it started: nothing of it may finish the task
        List<ProcessHandle> agent = doomed.process.descendants().toList();
        doomed.process.destroyForcibly().waitFor();
        agent.forEach(ProcessHandle::destroyForcibly);
        Files.writeString(dir.resolve("go"), "");

        CliProcess heir = worker("heir", "--exit-when-idle");
        assertThat(heir.exitCode()).as(heir.stderr()).isZero();

        assertThat(heir.stdout()).contains("took back slow from dead worker doomed");
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).containsExactly("slow");
        JsonNode slow = task("slow");
        assertThat(slow.get("status").asText()).isEqualTo("done");
        assertThat(slow.get("attempts").asInt()).as("the killed attempt counts").isEqualTo(2);
        assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"type\":\"reclaim\"");
    }

    @Test
    void sigterm_givesTheTaskBack_attemptsUnchanged_andExitsZero() throws Exception {
        Cli.addShellTask(state, "slow", WAIT_FOR_GO + "echo slow >> ran.txt");
        CliProcess stopped = worker("stopped");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started")));
        assertThat(task("slow").get("status").asText()).isEqualTo("in_progress");

        List<ProcessHandle> descendants = stopped.process.descendants().toList();
        List<ProcessHandle> agent = descendants.stream().filter(p -> !CliProcess.isParentDeathWatch(p)).toList();
        assertThat(agent).isNotEmpty();

        stopped.process.destroy();

        assertThat(stopped.exitCode()).as(stopped.stderr()).isZero();
        assertThat(agent).as("the agent's processes are stopped too").noneMatch(ProcessHandle::isAlive);
        await("the parent-death watch sees the JVM gone and ends").atMost(PATIENCE)
                .until(() -> descendants.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(stopped.stdout()).contains("slow given back");
        JsonNode slow = task("slow");
        assertThat(slow.get("status").asText()).isEqualTo("pending");
        assertThat(slow.get("claim").isNull()).isTrue();
        assertThat(slow.get("attempts").asInt()).isZero();
        assertThat(slow.get("runnable").asBoolean()).isTrue();
        assertThat(dir.resolve("ran.txt")).doesNotExist();
        assertThat(state.resolve("workers").resolve("stopped.json")).doesNotExist();
    }

    @Test
    void statusWatch_withoutATerminal_printsRepeatedBlocks() throws Exception {
        Cli.addShellTask(state, "a", "true");
        CliProcess watch = CliProcess.start(dir, "watch", Map.of(), "--state", state.toString(), "status", "--watch");
        try {
            await().atMost(PATIENCE).until(() -> count(watch.stdout(), "Tasks  0/1 done") >= 2);
            assertThat(watch.stdout()).doesNotContain("\u001b[2J");
        } finally {
            watch.process.destroy();
            watch.process.waitFor();
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
