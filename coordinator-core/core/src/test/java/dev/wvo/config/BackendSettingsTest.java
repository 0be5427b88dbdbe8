package dev.wvo.config;

import dev.wvo.spi.ShellWords;
import dev.wvo.spi.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendSettingsTest {

    @TempDir
    Path dir;

    @Test
    void fileThenProfileThenOverrides_laterWins() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                backends:
                  claude: {model: sonnet, permission_mode: acceptEdits}
                profiles:
                  work:
                    claude: {config_dir: ~/.claude-work, model: opus}
                    codex: {home: /srv/codex-work}
                """);
        var s = Config.read(config).backends().forWorker("work", List.of("claude.max_turns=20", "codex.sandbox=read-only"));
        assertThat(s.get("claude")).containsEntry("model", "opus").containsEntry("permission_mode", "acceptEdits")
                .containsEntry("config_dir", System.getProperty("user.home") + "/.claude-work")
                .containsEntry("max_turns", "20");
        assertThat(s.get("codex")).containsEntry("home", "/srv/codex-work").containsEntry("sandbox", "read-only");
    }

    @Test
    void extraArgs_asAYamlList_becomeOneShellQuotedString_thatSplitsBackIntoTheItems() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), """
                backends:
                  claude:
                    extra_args: [--append-system-prompt, be brief, "it's"]
                  codex:
                    extra_args: -c 'model_reasoning_effort="high"'
                """);
        var s = Config.read(config).backends().forWorker(null, List.of());
        assertThat(s.get("claude")).containsEntry("extra_args", "--append-system-prompt 'be brief' 'it'\\''s'");
        assertThat(ShellWords.split(s.get("claude").get("extra_args"))).containsExactly("--append-system-prompt", "be brief", "it's");
        assertThat(ShellWords.split(s.get("codex").get("extra_args"))).containsExactly("-c", "model_reasoning_effort=\"high\"");
    }

    @Test
    void aTasksOwnBackendsMap_winsForThatTask() {
        TaskView task = TaskView.builder("T").title("t").extra(Map.of("backends", Map.of("claude",
                Map.of("permission_mode", "default", "extra_args", List.of("--max-turns", "3"))))).build();
        Map<String, String> worker = Map.of("permission_mode", "acceptEdits", "model", "opus");
        assertThat(BackendSettings.forTask(worker, task, "claude")).containsEntry("permission_mode", "default")
                .containsEntry("model", "opus").containsEntry("extra_args", "--max-turns 3");
        assertThat(BackendSettings.forTask(worker, task, "codex")).isEqualTo(worker);
    }

    @Test
    void noFile_isNoSettings_butAnUnknownProfileIsAnError() {
        assertThat(Config.read(dir.resolve("none.yaml")).backends().forWorker(null, List.of())).isEmpty();
        assertThatThrownBy(() -> Config.read(dir.resolve("none.yaml")).backends().forWorker("work", List.of()))
                .hasMessageContaining("No profile 'work'");
    }

    @Test
    void brokenYaml_namesFileLineAndColumn_andBadOverridesAreExplained() throws Exception {
        Path config = Files.writeString(dir.resolve("config.yaml"), "backends:\n  claude: [unclosed\n");
        assertThatThrownBy(() -> Config.read(config)).hasMessageStartingWith(config + ":");
        assertThatThrownBy(() -> Config.read(dir.resolve("none.yaml")).backends().forWorker(null, List.of("model=opus")))
                .hasMessageContaining("BACKEND.KEY=VALUE");
    }
}
