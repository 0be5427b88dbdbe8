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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readonly tasks as separate worker JVMs on a real git repository, with the shell backend: a
 * readonly task takes shared locks and runs while a writer holds its paths, its prompt tells it
 * not to modify files, and an attempt that wrote is not accepted, in place and in a worktree.
 */
@Tag("process")
class ReadonlyTasksProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;
    private GitRepo repo;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        repo.write("src/a.txt", "a\n");
        repo.commitAll("init");
    }

    private CliProcess worker(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "worker", "--id", name, "--agent", "shell",
                "--plugins", plugins.toString(), "--workdir", repo.dir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"),
                args.toArray(String[]::new));
    }

    private void addTask(String id, String command, String... more) {
        List<String> args = new ArrayList<>(List.of("task", "add", id, "--title", "Task " + id, "--command", command));
        args.addAll(List.of(more));
        Cli.Result r = Cli.inState(state, args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private JsonNode task(String id) throws Exception {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
    }

    private String status(String id) throws Exception {
        return task(id).get("status").asText();
    }

    @Test
    void aReadonlyTask_runsAndFinishes_whileAWriterHoldsItsPaths() throws Exception {
        Path go = dir.resolve("go");
        // the writer holds src until the test lets it go: the readonly task must finish meanwhile
        addTask("write", "while [ ! -f '" + go + "' ]; do sleep 0.05; done; echo b >> src/a.txt", "--owns", "src",
                "--priority", "9");
        addTask("review", "grep -q a src/a.txt", "--readonly");
        addTask("verify", "test -f src/a.txt", "--readonly", "--owns", "docs");

        CliProcess writer = worker("w1", "--max-tasks", "1");
        await().atMost(Duration.ofSeconds(60)).until(() -> "in_progress".equals(status("write")));
        CliProcess reader = worker("w2", "--max-tasks", "2");
        assertThat(reader.exitCode()).as(reader.stderr() + reader.stdout()).isZero();

        assertThat(status("review")).isEqualTo("done");
        assertThat(status("verify")).isEqualTo("done");
        assertThat(status("write")).as("the writer still holds src").isEqualTo("in_progress");
        Files.writeString(go, "");
        assertThat(writer.exitCode()).as(writer.stderr() + writer.stdout()).isZero();
        assertThat(status("write")).isEqualTo("done");
        assertThat(Files.readString(state.resolve("artifacts/review/1/prompt.txt")))
                .contains("This task only reads", "do not modify");
    }

    @Test
    void aReadonlyAttemptThatWrites_isNotAccepted_inPlace() throws Exception {
        addTask("review", "echo findings > REVIEW.md", "--readonly", "--max-attempts", "1");

        CliProcess w = worker("w1", "--exit-when-idle");
        assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();

        JsonNode t = task("review");
        assertThat(t.get("status").asText()).as("its one attempt spent, it waits for a person").isEqualTo("blocked");
        assertThat(t.toString()).contains("a readonly task changed files: REVIEW.md");
    }

    @Test
    void aReadonlyAttemptThatWrites_isNotAccepted_andNothingLands_inAWorktree() throws Exception {
        addTask("review", "echo changed > src/a.txt", "--readonly", "--max-attempts", "1");
        addTask("look", "cat src/a.txt", "--readonly");

        CliProcess w = worker("w1", "--exit-when-idle", "--worktree", "always");
        assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();

        assertThat(task("review").get("status").asText()).isEqualTo("blocked");
        assertThat(task("review").toString()).contains("a readonly task changed files: src/a.txt");
        assertThat(task("look").get("status").asText()).isEqualTo("done");
        assertThat(task("look").has("merge")).as("a readonly task queues nothing").isFalse();
        assertThat(repo.git("show", "main:src/a.txt")).isEqualTo("a\n");
        assertThat(JSON.readTree(Cli.inState(state, "merge-queue", "list", "--json").out()).get("entries")).isEmpty();
    }
}
