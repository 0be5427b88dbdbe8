package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A state directory, a real repository on {@code main} and worker JVMs with worktrees on, running
 * tasks through the shell agent: what the merge queue's process tests share. Each task's command
 * notes its run in {@code runs.log}, so a test counts the agent's invocations.
 */
final class MergeQueueFixture {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> GIT_ENV = Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1");

    final Path dir;
    final Path state;
    final Path plugins;
    final GitRepo repo;
    final Path runs;

    MergeQueueFixture(Path dir) throws Exception {
        this.dir = dir;
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        runs = dir.resolve("runs.log");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
    }

    void config(String yaml) throws IOException {
        Files.writeString(state.resolve("config.yaml"), yaml);
    }

    /** Starts a worker with worktrees always on, exiting when idle. */
    CliProcess worker(String name) throws Exception {
        return CliProcess.start(dir, name, GIT_ENV, "--state", state.toString(), "worker", "--id", name,
                "--agent", "shell", "--plugins", plugins.toString(), "--workdir", repo.dir.toString(),
                "--worktree", "always", "--exit-when-idle");
    }

    /** Adds a task whose command first notes the run in {@link #runs}, then does {@code command}. */
    void addTask(String id, String command, String... more) {
        List<String> args = new ArrayList<>(List.of("task", "add", id, "--title", "Task " + id, "--command",
                "echo " + id + " >> '" + runs + "' && " + command));
        args.addAll(List.of(more));
        Cli.Result r = Cli.inState(state, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    JsonNode task(String id) throws Exception {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
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
