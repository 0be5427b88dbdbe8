package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.fs.StateDir;
import dev.wvo.worker.WorkerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * {@code wvo up}, {@code wvo ps} and {@code wvo down} as real processes: {@code up} starts detached
 * worker JVMs (in sessions of their own) that run the roadmap with the shell backend; the test
 * waits on the roadmap and the workers' records, and kills every worker it finds left at the end.
 */
@Tag("process")
class PoolProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;
    private Path work;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        work = Files.createDirectories(dir.resolve("work"));
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @AfterEach
    void killLeftWorkers() {
        new WorkerRegistry(new StateDir(state).workers()).list()
                .forEach(r -> ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly));
    }

    private CliProcess wvo(String name, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--state", state.toString(), "--plugins", plugins.toString()));
        all.addAll(List.of(args));
        return CliProcess.start(dir, name, Map.of(), all.toArray(String[]::new));
    }

    private List<String> alivePoolWorkers() throws Exception {
        List<String> alive = new ArrayList<>();
        for (JsonNode w : Cli.json(state, "ps", "--json").get("workers")) {
            if (w.get("pool").asBoolean() && w.get("alive").asBoolean()) {
                alive.add(w.get("id").asText());
            }
        }
        return alive;
    }

    @Test
    void upWithThreeWorkers_finishesTwelveTasksOnceEach_andDownStopsThePool() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 12).mapToObj(i -> "t" + i).toList();
        for (String id : ids) {
            // the last task may run on pool-3 only, as a playbook's initial assignment
            String[] pinned = id.equals("t12") ? new String[] {"--worker", "pool-3"} : new String[0];
            Cli.addShellTask(state, id, "mkdir -p out && echo " + id + " >> out/" + id + ".txt", pinned);
        }
        Files.writeString(state.resolve("config.yaml"), """
                pool:
                  size: 3
                  stagger: 200ms
                  agent: shell
                  workers:
                    - {id: first}
                """);

        CliProcess up = wvo("up", "up", "--workdir", work.toString());
        assertThat(up.exitCode()).as(up.stderr() + up.stdout()).isZero();
        assertThat(up.stdout()).contains("started first", "started pool-2", "started pool-3", "before pool-2 (stagger)");

        await().atMost(PATIENCE).until(() -> Cli.json(state, "task", "list", "--json").findValuesAsText("status").stream()
                .filter("done"::equals).count() == ids.size());
        assertThat(alivePoolWorkers()).containsExactlyInAnyOrder("first", "pool-2", "pool-3");
        for (String id : ids) {
            assertThat(Files.readString(work.resolve("out/" + id + ".txt"))).as("ran once: " + id).isEqualTo(id + "\n");
        }
        List<String> completions = Files.readAllLines(state.resolve("events.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"complete\"")).toList();
        assertThat(completions).hasSize(ids.size());
        assertThat(Files.readAllLines(state.resolve("events.jsonl"))).filteredOn(l -> l.contains("\"type\":\"claim\"")
                && l.contains("\"task\":\"t12\"")).singleElement().asString().contains("\"worker\":\"pool-3\"");

        Cli.Result again = Cli.inState(state, "--plugins", plugins.toString(), "up", "--workdir", work.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("first runs already; left alone", "pool-3 runs already; left alone");

        Cli.Result down = Cli.inState(state, "down");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out()).contains("asked first, pool-2, pool-3 to stop");
        await().atMost(PATIENCE).until(() -> alivePoolWorkers().isEmpty());
        assertThat(Files.readString(state.resolve("workers/first.log"))).contains("first: stopped after");
    }

    @Test
    void twoUpsAtOnce_startEachPoolWorkerOnce_andKeepEveryIdInPoolJson() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "pool:\n  stagger: 0s\n  agent: shell\n");

        // both would start pool-1; without the pool lock the later one's pool.json could also drop pool-2
        CliProcess one = wvo("up-one", "up", "--workers", "1", "--workdir", work.toString());
        CliProcess two = wvo("up-two", "up", "--workers", "2", "--workdir", work.toString());

        assertThat(one.exitCode()).as(one.stderr() + one.stdout()).isZero();
        assertThat(two.exitCode()).as(two.stderr() + two.stdout()).isZero();
        String both = one.stdout() + two.stdout();
        for (String id : List.of("pool-1", "pool-2")) {
            assertThat(both.split("started " + id + " ", -1)).as("started once: " + id + "\n" + both).hasSize(2);
        }
        assertThat(both).contains("pool-1 runs already; left alone");
        assertThat(JSON.readTree(state.resolve("pool.json").toFile()).get("workers")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("pool-1", "pool-2");
        assertThat(alivePoolWorkers()).containsExactlyInAnyOrder("pool-1", "pool-2");

        Cli.Result dry = Cli.inState(state, "--plugins", plugins.toString(), "up", "--dry-run", "--workers", "3",
                "--workdir", work.toString());
        assertThat(dry.out()).as(dry.err()).contains("pool-1: already running; left alone",
                "pool-2: already running; left alone", "pool-3: wvo worker --id pool-3");
        assertThat(dry.out().split("first task:", -1)).as("a first task for pool-3 only").hasSize(2);

        Cli.Result down = Cli.inState(state, "down", "--now");
        assertThat(down.exitCode()).as(down.err() + down.out()).isZero();
        assertThat(JSON.readTree(state.resolve("pool.json").toFile()).get("workers")).as("gone, forgotten").isEmpty();

        // a pool.json of an earlier, larger pool whose workers are gone: `up -n 1` keeps only its own
        Files.writeString(state.resolve("pool.json"), "{\"workers\": [\"pool-1\", \"pool-2\"]}\n");
        Cli.Result smaller = Cli.inState(state, "--plugins", plugins.toString(), "up", "--workers", "1", "--workdir",
                work.toString());
        assertThat(smaller.exitCode()).as(smaller.err()).isZero();
        assertThat(JSON.readTree(state.resolve("pool.json").toFile()).get("workers")).extracting(JsonNode::asText)
                .containsExactly("pool-1");
        assertThat(Cli.json(state, "ps", "--json").get("workers").findValuesAsText("id")).doesNotContain("pool-2");
    }

    @Test
    void downNow_givesTheRunningTaskBack_withoutSpendingItsAttempt() throws Exception {
        Path never = dir.resolve("never");
        Path started = dir.resolve("started");
        Cli.addShellTask(state, "long", "touch '" + started + "'; while [ ! -f '" + never + "' ]; do sleep 0.05; done");

        CliProcess up = wvo("up", "up", "--workers", "1", "--agent", "shell", "--workdir", work.toString());
        assertThat(up.exitCode()).as(up.stderr() + up.stdout()).isZero();
        await().atMost(PATIENCE).until(() -> Files.exists(started));

        Cli.Result down = Cli.inState(state, "down", "--now");
        assertThat(down.exitCode()).as(down.err() + down.out()).isZero();
        assertThat(down.out()).contains("stopped pool-1");
        assertThat(Files.readString(state.resolve("workers/pool-1.log"))).contains("long given back");
        JsonNode task = Cli.json(state, "task", "show", "long", "--json");
        assertThat(task.get("status").asText()).as(Files.readString(state.resolve("workers/pool-1.log")))
                .isEqualTo("pending");
        assertThat(task.path("attempts").asInt()).isZero();
    }

    @Test
    void upDryRun_checksAndPrintsEachWorkersFirstTask_andChangesNothing() throws Exception {
        Cli.addShellTask(state, "a", "true", "--priority", "5");
        Cli.addShellTask(state, "b", "true", "--priority", "3");
        Cli.addShellTask(state, "c", "true", "--depends-on", "a");
        Cli.addShellTask(state, "d", "true", "--priority", "9", "--account", "work");
        Files.writeString(state.resolve("config.yaml"), """
                pool:
                  agent: shell
                  workers:
                    - {id: one}
                    - {id: two}
                    - {id: three, agent: nosuchagent}
                """);
        byte[] roadmap = Files.readAllBytes(state.resolve("roadmap.yaml"));

        Cli.Result dry = Cli.inState(state, "--plugins", plugins.toString(), "up", "--dry-run", "--workdir", work.toString());

        assertThat(dry.exitCode()).as("an unknown agent is a problem").isEqualTo(1);
        assertThat(dry.out()).contains("one: wvo worker --id one", "first task: a (Task a)", "first task: b (Task b)",
                "first task: none runnable now", "problem: three: unknown agent backend 'nosuchagent'");
        assertThat(Files.readAllBytes(state.resolve("roadmap.yaml"))).isEqualTo(roadmap);
        assertThat(state.resolve("pool.json")).doesNotExist();
        assertThat(new WorkerRegistry(new StateDir(state).workers()).list()).isEmpty();

        Cli.Result worker = Cli.inState(state, "--plugins", plugins.toString(), "worker", "--dry-run", "--agent", "shell",
                "--workdir", work.toString());
        assertThat(worker.exitCode()).as(worker.err() + worker.out()).isZero();
        assertThat(worker.out()).contains("first task: a (Task a)", "agents available: shell");
        assertThat(Files.readAllBytes(state.resolve("roadmap.yaml"))).isEqualTo(roadmap);
    }

    @Test
    void upDryRun_matchesATasksAccount_withTheWorkersAccount_andNamesAnUnknownAccountInTheConfig() throws Exception {
        Cli.addShellTask(state, "t1", "true", "--account", "work");
        Files.writeString(state.resolve("config.yaml"), """
                accounts:
                  - {name: work, backend: shell, env: {X: y}}
                pool:
                  agent: shell
                  workers:
                    - {id: one, account: work}
                    - {id: two}
                """);

        Cli.Result dry = Cli.inState(state, "--plugins", plugins.toString(), "up", "--dry-run", "--workdir", work.toString());

        assertThat(dry.exitCode()).as(dry.err() + dry.out()).isZero();
        assertThat(dry.out()).contains("--agent shell:work", "first task: t1 (Task t1)",
                "first task: none runnable now");
        Cli.Result byHand = Cli.inState(state, "--plugins", plugins.toString(), "worker", "--dry-run", "--agent",
                "shell:work", "--workdir", work.toString());
        assertThat(byHand.out()).as(byHand.err()).contains("first task: t1 (Task t1)");

        Files.writeString(state.resolve("config.yaml"), """
                pool:
                  agent: shell
                  workers:
                    - {id: one, account: work}
                """);
        Cli.Result unknown = Cli.inState(state, "--plugins", plugins.toString(), "up", "--dry-run", "--workdir",
                work.toString());
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.out() + unknown.err()).doesNotContain("unexpected error")
                .contains("problem: one: " + state.resolve("config.yaml") + ":4:26: worker one's account 'work'");
        Cli.Result up = Cli.inState(state, "--plugins", plugins.toString(), "up", "--workdir", work.toString());
        assertThat(up.exitCode()).isEqualTo(2);
        assertThat(up.err()).contains("config.yaml:4:26:", "define it under `accounts:`").doesNotContain("unexpected");
        assertThat(state.resolve("pool.json")).doesNotExist();
    }
}
