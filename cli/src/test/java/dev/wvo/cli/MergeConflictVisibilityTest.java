package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a git merge leaves in the roadmap is visible where people look, and init --git sets git up. */
class MergeConflictVisibilityTest {

    @TempDir
    Path dir;

    @Test
    void recordedConflicts_showInTaskListAndDoctor_withTheCommandThatSettlesThem() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: A
                    priority: 2
                conflicts:
                  - task: a
                    field: priority
                    ours: 2
                    theirs: 3
                """);
        Files.writeString(state.resolve("context.md"), "# Shared context\n");
        Cli.Result list = Cli.run(Map.of(), "--state", state.toString(), "task", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.err()).contains("merge conflict", "task a, field priority: ours 2, theirs 3",
                "wvo task resolve a --field priority --take ours|theirs|VALUE");
        Cli.Result doctor = Cli.run(Map.of(), "--state", state.toString(), "doctor", "--json", "--no-lock-check");
        assertThat(doctor.out()).contains("merge conflict").contains("wvo task resolve a --field priority");
    }

    @Test
    void initWithGit_setsUpTheMergeDrivers() throws Exception {
        GitRepo repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        Path state = repo.dir.resolve("state");
        Cli.Result r = Cli.run(Map.of(), "--state", state.toString(), "init", "--git");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(repo.dir.resolve(".gitattributes"))).contains("state/roadmap.yaml merge=wvo-roadmap");
        assertThat(Files.readString(repo.dir.resolve(".git/config"))).contains("[merge \"wvo-roadmap\"]");
    }
}
