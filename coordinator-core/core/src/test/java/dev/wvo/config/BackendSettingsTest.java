package dev.wvo.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
