package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state directory, a real repository on {@code main} and worker JVMs with worktrees on, running
 * tasks through the shell agent: what the merge queue's process tests share. Each task's command
 * notes its run in {@code runs.log}, so a test counts the agent's invocations.
 */
final class MergeQueueFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final Path state;
    final Path plugins;
    final GitRepo repo;
    final Path runs;
    private final RepoWorkers workers;

    MergeQueueFixture(Path dir) throws Exception {
        workers = new RepoWorkers(dir);
        this.dir = dir;
        state = workers.state;
        plugins = workers.plugins;
        repo = workers.repo;
        runs = dir.resolve("runs.log");
    }

    void config(String yaml) throws IOException {
        Files.writeString(state.resolve("config.yaml"), yaml);
    }

    /** Starts a worker with worktrees always on, exiting when idle. */
    CliProcess worker(String name) throws Exception {
        return workers.worker(name, "--worktree", "always", "--exit-when-idle");
    }

    /** Adds a task whose command first notes the run in {@link #runs}, then does {@code command}. */
    void addTask(String id, String command, String... more) {
        workers.addTask(id, "echo " + id + " >> '" + runs + "' && " + command, more);
    }

    JsonNode task(String id) throws Exception {
        return workers.task(id);
    }

    /** The events of one type, in order. */
    List<JsonNode> events(String type) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(state.resolve("events.jsonl"))) {
            JsonNode e = JSON.readTree(line);
            if (type.equals(e.path("type").asText())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The agent's invocations so far, one task id each. */
    List<String> runs() throws IOException {
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    static void assertExited(CliProcess... workers) throws Exception {
        for (CliProcess w : workers) {
            assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();
        }
    }
}
