package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wvo merge-queue next} lands a queued branch by hand after every worker has gone: a worker
 * that could not land its branch (the user's checkout was dirty) exits, the user cleans up, and
 * the command lands the branch and records it on the task.
 */
@Tag("process")
class MergeQueueNextProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void next_landsTheQueuedBranch_withNoWorkerRunning() throws Exception {
        Path state = dir.resolve("state");
        Path plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        GitRepo repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        repo.write("README.md", "hello\n");
        repo.commitAll("init");
        Cli.Result add = Cli.inState(state, "task", "add", "t1", "--title", "One", "--owns", "t1.txt",
                "--command", "echo one > t1.txt");
        assertThat(add.exitCode()).as(add.err()).isZero();
        repo.write("notes.txt", "the user's work in progress\n");

        CliProcess worker = CliProcess.start(dir, "w1", Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"),
                "--state", state.toString(), "worker", "--id", "w1", "--agent", "shell", "--plugins", plugins.toString(),
                "--workdir", repo.dir.toString(), "--worktree", "always", "--exit-when-idle");
        assertThat(worker.exitCode()).as(worker.stderr() + worker.stdout()).isZero();
        assertThat(worker.stdout()).contains("notes.txt");
        assertThat(repo.git("ls-tree", "--name-only", "main")).doesNotContain("t1.txt");

        Cli.Result status = Cli.inState(state, "status");
        assertThat(status.out()).as("done means landed").contains("0/1 done", "done, waiting to land 1");
        assertThat(JSON.readTree(Cli.inState(state, "status", "--json").out()).get("tasks").get("counts").toString())
                .contains("\"done\":0", "\"done, waiting to land\":1");

        Files.delete(repo.file("notes.txt"));
        CliProcess next = CliProcess.start(dir, "next", Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"),
                "--state", state.toString(), "merge-queue", "next", "--repo", repo.dir.toString());
        assertThat(next.exitCode()).as(next.stderr() + next.stdout()).isZero();
        assertThat(next.stdout()).contains("Landed wvo/w1/t1 (t1, entry", "your checkout was updated");

        assertThat(repo.git("show", "main:t1.txt")).isEqualTo("one\n");
        assertThat(repo.read("t1.txt")).isEqualTo("one\n");
        assertThat(repo.git("branch", "--list", "wvo/*")).as("a branch that landed is deleted").isBlank();
        JsonNode task = JSON.readTree(Cli.inState(state, "task", "show", "t1", "--json").out());
        assertThat(task.toString()).contains("\"merge\":\"merged\"");
        assertThat(Files.readAllLines(state.resolve("events.jsonl"))).filteredOn(l -> l.contains("\"type\":\"merge\""))
                .hasSize(1).allMatch(l -> l.contains("merge-queue-next"));

        Cli.Result again = Cli.inState(state, "merge-queue", "next", "--repo", repo.dir.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("Nothing to land");
    }
}
