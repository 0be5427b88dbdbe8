package dev.wvo.config;

import dev.wvo.worker.WorkerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetrySettingsTest {

    @TempDir
    Path dir;

    @Test
    void absentFileOrSection_givesTheDefaults() throws Exception {
        assertThat(read(null, Map.of())).isEqualTo(new RetrySettings(40, false));
        assertThat(read("backends:\n  claude: {model: opus}\n", Map.of())).isEqualTo(RetrySettings.DEFAULTS);
    }

    @Test
    void section_setsTheBudgetAndResume() throws Exception {
        assertThat(read("retry: {brief_lines: 12, resume_session: true}\n", Map.of())).isEqualTo(new RetrySettings(12, true));
        assertThat(read("retry:\n  brief_lines: 0\n", Map.of())).isEqualTo(new RetrySettings(0, false));
    }

    @Test
    void backendSetting_overridesResumeForThatBackendOnly() {
        RetrySettings off = RetrySettings.DEFAULTS;
        assertThat(off.resumes("claude", Map.of("resume", "true"))).isTrue();
        assertThat(off.resumes("codex", Map.of())).isFalse();
        assertThat(new RetrySettings(40, true).resumes("codex", Map.of("resume", "no"))).isFalse();
    }

    @Test
    void wrongValues_sayWhereAndWhatToDo() {
        assertThatThrownBy(() -> read("# retries\nretry:\n  brief_lines: many\n", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("config.yaml:3:16")
                .hasMessageContaining("`retry.brief_lines` is 'many'; it must be a whole number");
        assertThatThrownBy(() -> read("retry:\n  brief_line: 3\n", Map.of()))
                .hasMessageContaining("config.yaml:2:3").hasMessageContaining("did you mean `brief_lines`?")
                .hasMessageContaining("Known here: brief_lines, resume_session");
        assertThatThrownBy(() -> read("retry: {resume_session: sometimes}\n", Map.of()))
                .hasMessageContaining("it must be true or false");
        assertThatThrownBy(() -> read(null, Map.of("claude", Map.of("resume", "maybe"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("The claude backend's `resume` setting is 'maybe'; it must be true or false");
    }

    private RetrySettings read(String yaml, Map<String, Map<String, String>> backends) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.deleteIfExists(file);
        if (yaml != null) {
            Files.writeString(file, yaml);
        }
        WorkerSettings worker = new WorkerSettings(null, List.of("claude", "codex"), null, List.of(), List.of(), true, 0,
                true, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1), dir, backends);
        RetrySettings settings = Config.read(file).retry();
        worker.agents().forEach(agent -> settings.resumes(agent, worker.settingsOf(agent)));
        return settings;
    }
}
