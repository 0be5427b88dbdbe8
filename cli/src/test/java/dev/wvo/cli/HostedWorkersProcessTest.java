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
 * workers have records of their own; {@code wvo worker stop} ends one hosted worker only, and
 * {@code wvo down --now} sends no SIGTERM to a JVM that hosts a worker outside the pool; a
 * SIGKILL of the hosting JVM leaves its task to another JVM's worker; SIGTERM gives back every
 * hosted worker's task, also through {@code wvo up --one-process} and {@code wvo down --now}.
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

    /** A task that says it started, then waits for the file {@code go-<id>}. */
    private void addWaitingTask(String id) {
        Cli.addShellTask(state, id, "echo " + id + " > started-" + id + "; while [ ! -f go-" + id + " ]; do sleep 0.05; done; "
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
        quick.forEach(id -> Cli.addShellTask(state, id, "echo " + id + " >> ran.txt"));
        CliProcess host = worker("host", "--workers", "3"); // the first free ids: worker1, worker2, worker3
        CliProcess solo = worker("solo", "--id", "solo");

        await().atMost(PATIENCE).until(() -> Cli.json(state, "task", "list", "--json").findValuesAsText("status")
                .stream().filter("done"::equals).count() == quick.size());
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).containsExactlyInAnyOrderElementsOf(quick);
        WorkerRecord first = registry.read("worker1").orElseThrow();
        WorkerRecord second = registry.read("worker2").orElseThrow();
        assertThat(List.of(first.pid(), second.pid())).as("one JVM").containsOnly(host.pid());
        assertThat(registry.read("solo").orElseThrow().pid()).isEqualTo(solo.pid());
        assertThat(alive()).containsExactlyInAnyOrder("worker1", "worker2", "worker3", "solo");
        assertThat(host.stdout()).contains("worker1: started with shell", "worker2: started with shell");

        // one hosted worker stops; its neighbour in the JVM runs on
        assertThat(Cli.inState(state, "worker", "stop", "worker2").exitCode()).isZero();
        assertThat(Cli.inState(state, "worker", "stop", "solo").exitCode()).isZero();
        assertThat(solo.exitCode()).as(solo.stderr()).isZero();
        await().atMost(PATIENCE).until(() -> alive().equals(List.of("worker1", "worker3")));
        assertThat(registry.read("worker2")).as("deregistered").isEmpty();
        assertThat(host.process.isAlive()).isTrue();
        assertThat(host.stdout()).contains("worker2: stop requested", "worker2: stopped after");

        // `down --now` of a pool that has worker3 alone: no SIGTERM to the JVM, which hosts worker1 too
        Files.writeString(state.resolve("pool.json"), "{\"workers\": [\"worker3\"]}\n");
        Cli.Result down = Cli.inState(state, "down", "--now");
        assertThat(down.exitCode()).as(down.err() + down.out()).isZero();
        assertThat(down.out()).contains("stopped worker3");
        assertThat(alive()).containsExactly("worker1");
        assertThat(host.process.isAlive()).isTrue();

        // the JVM dies with worker1's task: a worker of another JVM takes it back and runs it
        addWaitingTask("slow");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started-slow")));
        await().atMost(PATIENCE).until(() -> !registry.read("worker1").orElseThrow().processes().isEmpty());
        List<ProcessHandle> agent = host.process.descendants().toList();
        assertThat(registry.read("worker1").orElseThrow().processes()).as("worker1 records its own agent")
                .allMatch(p -> agent.stream().anyMatch(a -> a.pid() == p.pid()));
        host.process.destroyForcibly().waitFor();
        agent.forEach(ProcessHandle::destroyForcibly);
        Files.writeString(dir.resolve("go-slow"), "");
        CliProcess heir = worker("heir", "--id", "heir", "--exit-when-idle");
        assertThat(heir.exitCode()).as(heir.stderr()).isZero();
        assertThat(heir.stdout()).contains("took back slow from dead worker worker1");
        assertThat(task("slow").get("status").asText()).isEqualTo("done");
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).filteredOn("slow"::equals).hasSize(1);
    }

    @Test
    void upOneProcess_hostsThePool_andDownNowGivesEveryHostedWorkersTaskBack() throws Exception {
        addWaitingTask("a");
        addWaitingTask("b");
        Cli.Result dry = Cli.inState(state, "--plugins", plugins.toString(), "up", "--dry-run", "--one-process",
                "--workers", "2", "--agent", "shell", "--workdir", dir.toString());
        assertThat(dry.out()).as(dry.err()).contains("one process: pool-1, pool-2 (wvo worker --id pool-1,pool-2 --agent shell");
        Cli.Result up = Cli.inState(state, "--plugins", plugins.toString(), "up", "--one-process", "--workers", "2",
                "--stagger", "0s", "--agent", "shell", "--workdir", dir.toString());
        assertThat(up.exitCode()).as(up.err() + up.out()).isZero();
        assertThat(up.out()).contains("started pool-1, pool-2 in one process");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started-a")) && Files.exists(dir.resolve("started-b")));
        JsonNode ps = Cli.json(state, "ps", "--json").get("workers");
        assertThat(ps.findValuesAsText("id")).containsExactly("pool-1", "pool-2");
        assertThat(ps.findValuesAsText("pid")).as("one JVM").hasSize(2).containsOnly(ps.get(0).get("pid").asText());
        assertThat(ps.findValuesAsText("log")).as("the process's log").containsOnly(
                state.resolve("workers/pool-1.log").toString());

        Cli.Result down = Cli.inState(state, "down", "--now");

        assertThat(down.exitCode()).as(down.err() + down.out()).isZero();
        assertThat(down.out()).contains("stopped pool-1, pool-2");
        assertThat(Files.readString(state.resolve("workers/pool-1.log"))).contains("pool-1: stopped after 0 tasks",
                "pool-2: stopped after 0 tasks");
        for (String id : List.of("a", "b")) {
            JsonNode t = task(id);
            assertThat(t.get("status").asText()).as(id).isEqualTo("pending");
            assertThat(t.get("attempts").asInt()).as(id).isZero();
        }
        assertThat(registry.list()).isEmpty();
        assertThat(dir.resolve("ran.txt")).doesNotExist();
    }
}
