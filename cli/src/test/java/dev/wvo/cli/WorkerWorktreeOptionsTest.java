package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo worker --worktree/--repo} and the {@code worktree:} section of config.yaml. */
class WorkerWorktreeOptionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    private Cli.Result worker(Path workdir, String... options) {
        List<String> args = new ArrayList<>(List.of("worker", "--agent", "shell", "--plugins", plugins.toString(),
                "--workdir=" + workdir));
        args.addAll(List.of(options));
        return Cli.inState(state, args.toArray(String[]::new));
    }

    @Test
    void badModeInConfig_isAFileLineError_exit2() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "worktree:\n  mode: sometimes\n");
        Cli.Result r = worker(dir, "--exit-when-idle");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("config.yaml:2:9", "worktree.mode", "off, always, on-conflict");
    }

    @Test
    void unknownKeyInConfig_isAFileLineError_exit2() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "worktree:\n  mode: always\n  on_confict: rebase\n");
        Cli.Result r = worker(dir, "--exit-when-idle");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("config.yaml:3:3:", "on_confict", "did you mean `on_conflict`?",
                "Known here: mode, target_branch");
    }

    @Test
    void badModeOnTheCommandLine_exit2() {
        Cli.Result r = worker(dir, "--worktree", "sometimes", "--exit-when-idle");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--worktree", "off, always or on-conflict");
    }

    @Test
    void worktreeAlways_outsideAGitRepository_isAClearError() {
        Cli.Result r = worker(dir, "--worktree", "always", "--exit-when-idle");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("needs a git repository", dir.toAbsolutePath().toString(), "--repo");
    }

    @Test
    void commandLineWinsOverTheFile_andTasksLandOnTheTargetBranch() throws Exception {
        GitRepo repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        repo.write("README.md", "hello\n");
        repo.commitAll("init");
        Files.writeString(state.resolve("config.yaml"), "worktree:\n  mode: off\n  on_conflict: escalate\n");
        for (String id : List.of("t1", "t2")) {
            Cli.Result add = Cli.inState(state, "task", "add", id, "--title", "Task " + id, "--owns", "out/" + id,
                    "--command", "mkdir -p out && echo " + id + " > out/" + id + ".txt");
            assertThat(add.exitCode()).as(add.err()).isZero();
        }

        Cli.Result r = worker(repo.dir, "--id", "w1", "--worktree", "always", "--repo", repo.dir.toString(),
                "--exit-when-idle");

        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        assertThat(r.out()).contains("t1 runs in", "merged wvo/w1/t1 (t1) into main", "merged wvo/w1/t2 (t2) into main");
        assertThat(repo.git("show", "main:out/t1.txt")).isEqualTo("t1\n");
        assertThat(repo.git("show", "main:out/t2.txt")).isEqualTo("t2\n");
        assertThat(repo.read("out/t2.txt")).as("the user's clean checkout follows main").isEqualTo("t2\n");
        assertThat(repo.git("status", "--porcelain")).isEmpty();
        JsonNode t1 = JSON.readTree(Cli.inState(state, "task", "show", "t1", "--json").out());
        assertThat(t1.toString()).contains("\"merge\":\"merged\"", "\"branch\":\"wvo/w1/t1\"");
        assertThat(Cli.inState(state, "merge-queue", "list").out()).contains("wvo/w1/t1", "merged");
    }
}
