package dev.wvo.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void missingFileIsEmpty() {
        ConfigFile config = ConfigFile.read(dir.resolve("config.yaml"));
        assertThat(config.root().child("worktree").flatMap(w -> w.child("mode"))).isEmpty();
        assertThat(config.root().children()).isEmpty();
    }

    @Test
    void valuesAreFoundByPathAndErrorsNameTheirLine() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                # settings
                worktree:
                  mode: sometimes
                  keep: yes
                stages:
                  implement: {prompt: "do {title}"}
                pipeline: [implement, test]
                """);
        ConfigFile config = ConfigFile.read(file);
        assertThat(config.root().child("worktree").flatMap(w -> w.child("keep")).orElseThrow().bool()).isTrue();
        assertThat(config.root().child("pipeline").orElseThrow().texts()).containsExactly("implement", "test");
        assertThat(config.root().child("stages").flatMap(st -> st.child("implement")).flatMap(i -> i.child("prompt")).orElseThrow().text()).isEqualTo("do {title}");
        assertThatThrownBy(() -> config.root().child("worktree").flatMap(w -> w.child("mode")).orElseThrow().choice("off", "always", "on-conflict"))
                .hasMessage(file + ":3:9: `worktree.mode` is 'sometimes'; it must be one of off, always, on-conflict");
        assertThatThrownBy(() -> config.root().child("worktree").orElseThrow().onlyKeys("mode"))
                .hasMessageStartingWith(file + ":4:3: `worktree.keep` is not a known setting");
    }

    @Test
    void malformedYamlNamesLineAndColumn() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "worktree:\n  mode: [off\n");
        assertThatThrownBy(() -> ConfigFile.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":3:");
    }
}
