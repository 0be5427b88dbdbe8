package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wvo.fs.StateDir;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
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
 * {@code wvo worker --workers N}: one JVM hosting several full workers beside a worker in a JVM of
 * its own, on one state directory with the real shell backend. Every task runs once; the hosted
 * workers have records of their own; {@code wvo worker stop} ends one hosted worker only; a
 * SIGKILL of the hosting JVM leaves its task to another JVM's worker; SIGTERM gives back every
 * hosted worker's task.
 */
@Tag("process")
class HostedWorkersProcessTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;
    private WorkerRegistry registry;

    @BeforeEach
    void init() throws IOException {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        registry = new WorkerRegistry(new StateDir(state).workers());
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @AfterEach
    void killLeftWorkers() {
        registry.list().forEach(r -> ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    private CliProcess worker(String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "worker", "--agent", "shell",
                "--plugins", plugins.toString(), "--workdir", dir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, Map.of(), args.toArray(String[]::new));
    }

    private void addTask(String id, String command) {
        Cli.Result r = Cli.inState(state, "task", "add", id, "--title", "Task " + id, "--owns", "out/" + id,
                "--command", command);
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    /** A task that says it started, then waits for the file {@code go-<id>}. */
    private void addWaitingTask(String id) {
        addTask(id, "echo " + id + " > started-" + id + "; while [ ! -f go-" + id + " ]; do sleep 0.05; done; "
                + "echo " + id + " >> ran.txt");
    }

    private JsonNode task(String id) throws IOException {
        return Cli.json(state, "task", "show", id, "--json");
    }

    private List<String> alive() throws IOException {
        List<String> ids = new ArrayList<>();
        Cli.json(state, "worker", "list", "--json").get("workers").forEach(w -> {
            if (w.get("alive").asBoolean()) {
                ids.add(w.get("id").asText());
            }
        });
        return ids;
    }

    @Test
    void hostedWorkers_workBesideAnotherJvm_stopOneByOne_andTheirTasksComeBackWhenTheJvmDies() throws Exception {
        List<String> quick = IntStream.rangeClosed(1, 9).mapToObj(i -> "t" + i).toList();
        quick.forEach(id -> addTask(id, "echo " + id + " >> ran.txt"));
        CliProcess host = worker("host", "--id", "h1,h2");
        CliProcess solo = worker("solo", "--id", "solo");

        await().atMost(PATIENCE).until(() -> Cli.json(state, "task", "list", "--json").findValuesAsText("status")
                .stream().filter("done"::equals).count() == quick.size());
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).containsExactlyInAnyOrderElementsOf(quick);
        WorkerRecord h1 = registry.read("h1").orElseThrow();
        WorkerRecord h2 = registry.read("h2").orElseThrow();
        assertThat(List.of(h1.pid(), h2.pid())).as("one JVM").containsOnly(host.pid());
        assertThat(registry.read("solo").orElseThrow().pid()).isEqualTo(solo.pid());
        assertThat(alive()).containsExactlyInAnyOrder("h1", "h2", "solo");
        assertThat(host.stdout()).contains("h1: started with shell", "h2: started with shell");

        // one hosted worker stops; its neighbour in the JVM runs on
        assertThat(Cli.inState(state, "worker", "stop", "h2").exitCode()).isZero();
        assertThat(Cli.inState(state, "worker", "stop", "solo").exitCode()).isZero();
        assertThat(solo.exitCode()).as(solo.stderr()).isZero();
        await().atMost(PATIENCE).until(() -> alive().equals(List.of("h1")));
        assertThat(registry.read("h2")).as("deregistered").isEmpty();
        assertThat(host.process.isAlive()).isTrue();
        assertThat(host.stdout()).contains("h2: stop requested", "h2: stopped after");

        // the JVM dies with h1's task: a worker of another JVM takes it back and runs it
        addWaitingTask("slow");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started-slow")));
        await().atMost(PATIENCE).until(() -> !registry.read("h1").orElseThrow().processes().isEmpty());
        List<ProcessHandle> agent = host.process.descendants().toList();
        assertThat(registry.read("h1").orElseThrow().processes()).as("h1 records its own agent")
                .allMatch(p -> agent.stream().anyMatch(a -> a.pid() == p.pid()));
        host.process.destroyForcibly().waitFor();
        agent.forEach(ProcessHandle::destroyForcibly);
        Files.writeString(dir.resolve("go-slow"), "");
        CliProcess heir = worker("heir", "--id", "heir", "--exit-when-idle");
        assertThat(heir.exitCode()).as(heir.stderr()).isZero();
        assertThat(heir.stdout()).contains("took back slow from dead worker h1");
        assertThat(task("slow").get("status").asText()).isEqualTo("done");
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).filteredOn("slow"::equals).hasSize(1);
    }

    @Test
    void sigterm_givesEveryHostedWorkersTaskBack_andEndsWithStatusZero() throws Exception {
        addWaitingTask("a");
        addWaitingTask("b");
        CliProcess host = worker("host", "--workers", "2");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started-a")) && Files.exists(dir.resolve("started-b")));
        assertThat(alive()).as("the first free ids").containsExactlyInAnyOrder("worker1", "worker2");

        host.process.destroy();

        assertThat(host.exitCode()).as(host.stderr()).isZero();
        assertThat(host.stdout()).contains("worker1: stopped after 0 tasks", "worker2: stopped after 0 tasks");
        for (String id : List.of("a", "b")) {
            JsonNode t = task(id);
            assertThat(t.get("status").asText()).as(id).isEqualTo("pending");
            assertThat(t.get("attempts").asInt()).as(id).isZero();
        }
        assertThat(registry.list()).isEmpty();
        assertThat(dir.resolve("ran.txt")).doesNotExist();
    }
}
