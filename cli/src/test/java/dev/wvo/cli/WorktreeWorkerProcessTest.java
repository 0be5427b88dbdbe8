package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code wvo worker --worktree always} as separate JVMs on a real git repository, with the shell
 * backend: every task's branch lands on main exactly once, and a SIGKILLed worker's worktree is
 * reconciled by the next worker without losing its work.
 */
@Tag("process")
class WorktreeWorkerProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * How long one worker JVM may take to land its tasks: a limit for a hang, not a measure of
     * speed. The whole class takes ~40 s at a load of 13, but one worker once needed more than
     * 60 s on a machine shared with four other builds (load 27).
     */
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private RepoWorkers on;
    private Path state;
    private GitRepo repo;

    @BeforeEach
    void init() throws Exception {
        on = new RepoWorkers(dir);
        state = on.state;
        repo = on.repo;
        repo.write("README.md", "hello\n");
        repo.commitAll("init");
    }

    private CliProcess worker(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--worktree", "always"));
        args.addAll(List.of(options));
        return on.worker(name, args.toArray(String[]::new));
    }

    @Test
    void threeWorkers_landEveryTaskExactlyOnce_onMain() throws Exception {
        List<String> ids = IntStream.rangeClosed(1, 6).mapToObj(i -> "t" + i).toList();
        for (String id : ids) {
            // t4 and t5 depend on t1 and t2: they wait for those merges, or start stacked on their branches
            String[] deps = switch (id) {
                case "t4" -> new String[] {"--depends-on", "t1"};
                case "t5" -> new String[] {"--depends-on", "t2"};
                default -> new String[0];
            };
            Cli.addShellTask(state, id, "mkdir -p out && echo " + id + " > out/" + id + ".txt", deps);
        }

        List<CliProcess> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2", "w3")) {
            workers.add(worker(name, "--exit-when-idle"));
        }
        for (CliProcess w : workers) {
            assertThat(w.exitCode(PATIENCE)).as(w.stderr() + w.stdout()).isZero();
        }

        for (String id : ids) {
            JsonNode t = on.task(id);
            assertThat(t.toString()).as(id).contains("\"status\":\"done\"", "\"merge\":\"merged\"");
            assertThat(repo.git("show", "main:out/" + id + ".txt")).isEqualTo(id + "\n");
        }
        String log = repo.git("log", "--format=%s", "main");
        for (String id : ids) {
            // which attempt landed is not the point (one full run once needed a second attempt for a task): that it landed once is
            assertThat(log).as("main's history holds " + id + "'s commit").containsPattern("wvo: " + id + " attempt \\d+ by ");
        }
        List<String> merges = Files.readAllLines(state.resolve("events.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"merge\"")).toList();
        assertThat(merges).hasSize(ids.size());
        for (String id : ids) {
            assertThat(merges).as("merged exactly once: " + id).filteredOn(l -> l.contains("\"task\":\"" + id + "\""))
                    .hasSize(1);
        }
        JsonNode queue = JSON.readTree(Cli.inState(state, "merge-queue", "list", "--json").out());
        assertThat(queue.get("entries").findValuesAsText("status")).hasSize(ids.size()).containsOnly("merged");
        assertThat(repo.git("status", "--porcelain")).as("the user's checkout is clean and on main's files").isEmpty();
        assertThat(repo.read("out/t5.txt")).isEqualTo("t5\n");
    }

    @Test
    void aFailingMergeTest_goesBackToTheAgentWithItsOutput_andIsBlockedForAPersonAtTheCap() throws Exception {
        Files.writeString(state.resolve("config.yaml"), """
                worktree:
                  test_command: "grep -q good out/m.txt || { echo 'check: out/m.txt must say good'; exit 1; }"
                reactions:
                  merge_test_failed: {action: retry, max: 1}
                """);
        Cli.addShellTask(state, "m", "mkdir -p out && echo bad > out/m.txt", "--max-attempts", "5");

        CliProcess w = worker("w1", "--exit-when-idle");
        assertThat(w.exitCode(PATIENCE)).as(w.stderr() + w.stdout()).isZero();

        JsonNode t = on.task("m");
        assertThat(t.get("status").asText()).isEqualTo("blocked");
        assertThat(t.toString()).contains("merge_test_failed");
        // the second attempt was told what the merge test printed
        assertThat(Files.readString(state.resolve("artifacts/m/2/prompt.txt"))).contains("check: out/m.txt must say good");
        List<String> events = Files.readAllLines(state.resolve("events.jsonl"));
        assertThat(events).filteredOn(l -> l.contains("\"type\":\"merge-conflict\"")).hasSize(2);
        assertThat(events).filteredOn(l -> l.contains("\"type\":\"needs-attention\"")).hasSize(1);
        assertThat(repo.git("log", "--format=%s", "main")).doesNotContain("wvo: m attempt");
        assertThat(repo.dir.resolve("out/m.txt")).doesNotExist();
        JsonNode status = JSON.readTree(Cli.inState(state, "status", "--json").out());
        assertThat(status.get("tasks").get("needs_attention").findValuesAsText("id")).containsExactly("m");
    }

    @Test
    void aSigkilledWorkersWorktree_isKeptAndReported_andTheTaskLandsFromTheNextWorker() throws Exception {
        Path started = dir.resolve("started");
        Path go = dir.resolve("go");
        Cli.addShellTask(state, "slow", "mkdir -p out && echo partial > out/slow.txt; touch " + started + "; while [ ! -f " + go
                + " ]; do sleep 0.05; done; echo finished >> out/slow.txt");
        CliProcess doomed = worker("doomed");
        await().atMost(PATIENCE).until(() -> Files.exists(started));
        Path leftover = repo.dir.resolve(".wvo/worktrees/doomed");
        assertThat(leftover.resolve("out/slow.txt")).content().isEqualTo("partial\n");

        List<ProcessHandle> agent = doomed.process.descendants().toList();
        doomed.process.destroyForcibly().waitFor();
        agent.forEach(ProcessHandle::destroyForcibly);
        Files.writeString(go, "");

        CliProcess heir = worker("heir", "--exit-when-idle");
        assertThat(heir.exitCode(PATIENCE)).as(heir.stderr() + heir.stdout()).isZero();

        assertThat(heir.stdout()).contains("kept the worktree " + leftover + " on wvo/doomed/slow", "uncommitted changes",
                "took back slow from dead worker doomed", "merged wvo/heir/slow (slow) into main");
        assertThat(leftover.resolve("out/slow.txt")).as("the unmerged work is not lost").content().isEqualTo("partial\n");
        assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"type\":\"worktree-kept\"");
        assertThat(repo.git("show", "main:out/slow.txt")).isEqualTo("partial\nfinished\n");
        assertThat(on.task("slow").toString()).contains("\"merge\":\"merged\"");
    }
}
