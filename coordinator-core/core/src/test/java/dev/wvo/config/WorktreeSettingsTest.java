package dev.wvo.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorktreeSettingsTest {

    @TempDir
    Path dir;

    private WorktreeSettings read(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return Config.read(file).worktree();
    }

    @Test
    void noSection_isOff() throws Exception {
        assertThat(read("lock_backend: file\n")).isEqualTo(WorktreeSettings.off());
        assertThat(Config.read(dir.resolve("absent.yaml")).worktree().enabled()).isFalse();
    }

    @Test
    void everyKey_isRead() throws Exception {
        WorktreeSettings s = read("""
                worktree:
                  mode: on-conflict
                  target_branch: develop
                  test_command: [mvn, -q, test]
                  test_timeout: 1h30m
                  on_conflict: escalate
                  keep_worktrees: yes
                """);
        assertThat(s.mode()).isEqualTo(WorktreeMode.ON_CONFLICT);
        assertThat(s.targetBranch()).contains("develop");
        assertThat(s.testCommand()).contains(List.of("mvn", "-q", "test"));
        assertThat(s.testTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(s.onConflict()).isEqualTo(ConflictStrategy.ESCALATE);
        assertThat(s.keepWorktrees()).isTrue();
    }

    @Test
    void landingAndTheRemote_areRead() throws Exception {
        WorktreeSettings s = read("""
                worktree:
                  land: merge
                  push_to: origin
                  pull_request: gh pr create --base {base} --head {branch} --title {title} --body-file {body}
                """);
        assertThat(s.rebase()).isFalse();
        assertThat(s.pushTo()).contains("origin");
        assertThat(s.pullRequest()).contains(List.of("gh", "pr", "create", "--base", "{base}", "--head", "{branch}",
                "--title", "{title}", "--body-file", "{body}"));
        WorktreeSettings defaults = read("worktree:\n  mode: always\n");
        assertThat(defaults.rebase()).isTrue();
        assertThat(defaults.pushTo()).isEmpty();
        assertThat(defaults.pullRequest()).isEmpty();
    }

    @Test
    void aPullRequestCommand_needsARemote_andKnownPlaceholders() {
        assertThatThrownBy(() -> read("worktree:\n  pull_request: gh pr create\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:17").hasMessageContaining("needs push_to");
        assertThatThrownBy(() -> read("worktree:\n  push_to: origin\n  pull_request: [gh, pr, create, '{head}']\n"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.yaml:3")
                .hasMessageContaining("{head}, which is not a placeholder; use {base}, {branch}");
        assertThatThrownBy(() -> read("worktree:\n  land: squash\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:9").hasMessageContaining("rebase, merge");
        assertThatThrownBy(() -> read("worktree:\n  push_to: --upload-pack=x\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a git remote");
    }

    @Test
    void theTestTimeout_defaultsToHalfAnHour() throws Exception {
        assertThat(read("worktree:\n  test_command: make check\n").testTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void aTestCommandString_runsThroughSh() throws Exception {
        assertThat(read("worktree:\n  test_command: make check && echo ok\n").testCommand())
                .contains(List.of("sh", "-c", "make check && echo ok"));
    }

    @Test
    void theCommandLine_winsOverTheFile() throws Exception {
        WorktreeSettings s = read("worktree:\n  mode: always\n  on_conflict: escalate\n")
                .withOverrides(Optional.of(WorktreeMode.OFF), Optional.of(dir));
        assertThat(s.mode()).isEqualTo(WorktreeMode.OFF);
        assertThat(s.repo()).contains(dir);
        assertThat(s.onConflict()).isEqualTo(ConflictStrategy.ESCALATE);
    }

    @Test
    void badValues_nameFileAndLine() {
        assertThatThrownBy(() -> read("worktree:\n  on_conflict: merge\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:16").hasMessageContaining("rebase, escalate");
        assertThatThrownBy(() -> read("worktree:\n  keep_worktrees: maybe\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:19");
        assertThatThrownBy(() -> read("worktree:\n  test_timeout: 30\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:17").hasMessageContaining("no unit; write for example 30s");
        assertThatThrownBy(() -> read("worktree:\n  test_timeout: 0s\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:17").hasMessageContaining("is 0; give the longest");
        assertThatThrownBy(() -> WorktreeSettings.parseMode("sometimes")).hasMessageContaining("off, always or on-conflict");
    }
}
