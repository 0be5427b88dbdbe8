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

    private RepoWorkers on;
    private Path state;
    private GitRepo repo;

    @BeforeEach
    void init() throws Exception {
        on = new RepoWorkers(dir);
        state = on.state;
        repo = on.repo;
        repo.write("src/a.txt", "a\n");
        repo.commitAll("init");
    }

    private String status(String id) throws Exception {
        return on.task(id).get("status").asText();
    }

    @Test
    void aReadonlyTask_runsAndFinishes_whileAWriterHoldsItsPaths() throws Exception {
        Path go = dir.resolve("go");
        // the writer holds src until the test lets it go: the readonly task must finish meanwhile
        on.addTask("write", "while [ ! -f '" + go + "' ]; do sleep 0.05; done; echo b >> src/a.txt", "--owns", "src",
                "--priority", "9");
        on.addTask("review", "grep -q a src/a.txt", "--readonly");
        on.addTask("verify", "test -f src/a.txt", "--readonly", "--owns", "docs");

        Files.writeString(state.resolve("context.md"), Files.readString(state.resolve("context.md"))
                + "\n## Project\nBuild with make check; never touch vendor/.\n");
        CliProcess writer = on.worker("w1", "--max-tasks", "1");
        await().atMost(Duration.ofSeconds(60)).until(() -> "in_progress".equals(status("write")));
        CliProcess reader = on.worker("w2", "--max-tasks", "2");
        assertThat(reader.exitCode()).as(reader.stderr() + reader.stdout()).isZero();

        assertThat(status("review")).isEqualTo("done");
        assertThat(status("verify")).isEqualTo("done");
        assertThat(status("write")).as("the writer still holds src").isEqualTo("in_progress");
        Files.writeString(go, "");
        assertThat(writer.exitCode()).as(writer.stderr() + writer.stdout()).isZero();
        assertThat(status("write")).isEqualTo("done");
        assertThat(Files.readString(state.resolve("artifacts/review/1/prompt.txt")))
                .contains("This task only reads", "do not modify", "Build with make check; never touch vendor/.");
    }

    @Test
    void aReadonlyAttemptThatWrites_isNotAccepted_inPlace() throws Exception {
        on.addTask("review", "echo findings > REVIEW.md", "--readonly", "--max-attempts", "1");

        CliProcess w = on.worker("w1", "--exit-when-idle");
        assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();

        JsonNode t = on.task("review");
        assertThat(t.get("status").asText()).as("its one attempt spent, it waits for a person").isEqualTo("blocked");
        assertThat(t.toString()).contains("a readonly task changed files: REVIEW.md");
    }

    @Test
    void aReadonlyAttemptThatWrites_isNotAccepted_andNothingLands_inAWorktree() throws Exception {
        on.addTask("review", "echo changed > src/a.txt", "--readonly", "--max-attempts", "1");
        on.addTask("look", "cat src/a.txt", "--readonly");

        CliProcess w = on.worker("w1", "--exit-when-idle", "--worktree", "always");
        assertThat(w.exitCode()).as(w.stderr() + w.stdout()).isZero();

        assertThat(on.task("review").get("status").asText()).isEqualTo("blocked");
        assertThat(on.task("review").toString()).contains("a readonly task changed files: src/a.txt");
        assertThat(on.task("look").get("status").asText()).isEqualTo("done");
        assertThat(on.task("look").has("merge")).as("a readonly task queues nothing").isFalse();
        assertThat(repo.git("show", "main:src/a.txt")).isEqualTo("a\n");
        assertThat(JSON.readTree(Cli.inState(state, "merge-queue", "list", "--json").out()).get("entries")).isEmpty();
    }
}
