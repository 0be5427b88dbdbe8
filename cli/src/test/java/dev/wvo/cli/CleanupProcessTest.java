package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wvo cleanup} on a real repository after real workers kept their worktrees: a finished
 * worktree and its merged branch go; a dirty worktree, an unmerged branch and its worktree stay,
 * each with the reason, and {@code --json} gives the same report as data.
 */
@Tag("process")
class CleanupProcessTest {

    @TempDir
    Path dir;

    @Test
    void cleanup_removesWhatIsFinished_andKeepsADirtyWorktreeAndUnmergedWork_sayingWhy() throws Exception {
        Path state = dir.resolve("state");
        Path plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        GitRepo repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        repo.write("README.md", "hello\n");
        repo.commitAll("init");
        Files.writeString(state.resolve("config.yaml"), "worktree:\n  keep_worktrees: true\n");
        Path w1 = repo.dir.resolve(".wvo/worktrees/w1");
        Path w2 = repo.dir.resolve(".wvo/worktrees/w2");
        Path w3 = repo.dir.resolve(".wvo/worktrees/w3");
        // a worker starting removes the finished worktrees it finds: the last one's stays for cleanup
        List<String[]> tasks = List.of(new String[] {"w1", "t1", "echo 1 > one.txt"},
                new String[] {"w3", "t3", "echo 3 > three.txt; exit 1"}, new String[] {"w2", "t2", "echo 2 > two.txt"});
        for (String[] t : tasks) {
            Cli.Result add = Cli.inState(state, "task", "add", t[1], "--title", t[1], "--owns", t[1],
                    "--command", t[2], "--max-attempts", "1");
            assertThat(add.exitCode()).as(add.err()).isZero();
            CliProcess worker = CliProcess.start(dir, t[0], Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"),
                    "--state", state.toString(), "worker", "--id", t[0], "--agent", "shell", "--plugins", plugins.toString(),
                    "--workdir", repo.dir.toString(), "--worktree", "always", "--exit-when-idle");
            assertThat(worker.exitCode()).as(worker.stderr() + worker.stdout()).isZero();
            if (t[0].equals("w1")) {
                Files.writeString(w1.resolve("scratch.txt"), "someone's notes\n");
            }
        }
        assertThat(w1).isDirectory();
        assertThat(w2).isDirectory();
        assertThat(w3).isDirectory();

        Cli.Result cleanup = Cli.inState(state, "cleanup", "--repo", repo.dir.toString());

        assertThat(cleanup.exitCode()).as(cleanup.err()).isZero();
        assertThat(cleanup.out()).contains(
                "kept worktree " + w1 + ": uncommitted changes",
                "removed worktree " + w2,
                "kept worktree " + w3 + ": wvo/w3/t3 has commits not on main",
                "deleted branch wvo/w2/t2",
                "kept branch wvo/w1/t1: checked out in " + w1,
                "kept branch wvo/w3/t3:");
        assertThat(w1.resolve("scratch.txt")).exists();
        assertThat(w2).doesNotExist();
        assertThat(w3).isDirectory();
        assertThat(repo.git("branch", "--list", "wvo/*")).contains("wvo/w1/t1", "wvo/w3/t3").doesNotContain("wvo/w2/t2");
        assertThat(repo.git("show", "main:two.txt")).isEqualTo("2\n");

        Cli.Result again = Cli.inState(state, "cleanup", "--repo", repo.dir.toString(), "--json");

        assertThat(again.exitCode()).as(again.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(again.out());
        assertThat(report.path("repo").asText()).isEqualTo(repo.dir.toString());
        assertThat(report.path("worktrees").findValuesAsText("name")).containsExactlyInAnyOrder(w1.toString(), w3.toString());
        assertThat(report.path("worktrees").findValues("removed")).allMatch(r -> !r.asBoolean());
        assertThat(report.path("worktrees").findValuesAsText("kept_because"))
                .containsExactlyInAnyOrder("uncommitted changes", "wvo/w3/t3 has commits not on main");
        assertThat(report.path("branches").findValuesAsText("name")).containsExactlyInAnyOrder("wvo/w1/t1", "wvo/w3/t3");
    }
}
