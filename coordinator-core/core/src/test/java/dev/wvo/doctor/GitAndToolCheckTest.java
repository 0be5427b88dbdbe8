package dev.wvo.doctor;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static dev.wvo.doctor.StateDirectoryCheckTest.only;
import static org.assertj.core.api.Assertions.assertThat;

class GitAndToolCheckTest {

    @TempDir
    Path project;

    @Test
    void stateOutsideGit_warns() throws Exception {
        Path state = Files.createDirectories(project.resolve("state"));
        Finding repository = only(new GitCheck(state).run(), "repository");
        assertThat(repository.status()).isEqualTo(Verdict.WARN);
        assertThat(repository.detail()).contains("not inside a git repository");
    }

    @Test
    void gitWithoutMergeDrivers_namesTheBranchAndSuggestsGitSetup() throws Exception {
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("trunk").call()) {
            Path state = Files.createDirectories(project.resolve("state"));
            List<Finding> findings = new GitCheck(state).run();
            assertThat(only(findings, "repository").detail()).endsWith("branch trunk");
            assertThat(only(findings, "merge driver").status()).isEqualTo(Verdict.WARN);
            assertThat(only(findings, "merge driver").fix()).startsWith("wvo git setup");
            assertThat(only(findings, ".gitattributes").status()).isEqualTo(Verdict.WARN);
        }
    }

    @Test
    void gitWithMergeDrivers_isOk() throws Exception {
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            StoredConfig config = git.getRepository().getConfig();
            config.setString("merge", "wvo-roadmap", "driver", "wvo git merge-roadmap %O %A %B");
            config.save();
            Files.writeString(project.resolve(".gitattributes"), "state/roadmap.yaml merge=wvo-roadmap\n");
            Path state = Files.createDirectories(project.resolve("state"));
            assertThat(new GitCheck(state).run()).extracting(Finding::status).containsOnly(Verdict.OK);
        }
    }

    @Test
    void tools_areFoundWithTheirVersion_orReportedMissing() {
        List<Finding> findings = new ToolCheck(List.of("java", "wvo-no-such-tool", "git"), Duration.ofSeconds(20)).run();
        Finding java = only(findings, "java");
        assertThat(java.status()).as(java.detail()).isEqualTo(Verdict.OK);
        assertThat(java.detail()).containsPattern("\\d+\\.\\d+");
        Finding missing = only(findings, "wvo-no-such-tool");
        assertThat(missing.status()).isEqualTo(Verdict.WARN);
        assertThat(missing.detail()).isEqualTo("wvo-no-such-tool is not on the PATH");
        assertThat(only(findings, "git").status()).isEqualTo(Verdict.OK);
    }
}
