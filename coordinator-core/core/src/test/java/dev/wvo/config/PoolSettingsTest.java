package dev.wvo.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoolSettingsTest {

    @TempDir
    Path dir;

    private PoolSettings read(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return Config.read(file).pool();
    }

    @Test
    void withoutASection_oneWorkerThirtySecondsApart() throws Exception {
        PoolSettings pool = read("expect_changes: true\n");
        assertThat(pool.size()).isEqualTo(1);
        assertThat(pool.stagger()).isEqualTo(Duration.ofSeconds(30));
        assertThat(pool.oneProcess()).as("a process each").isFalse();
        assertThat(pool.worker(1).id()).isEqualTo("pool-1");
        assertThat(pool.worker(1).agent()).isNull();
    }

    @Test
    void eachWorker_takesItsEntryOverTheDefaults_andWorkersPastTheListTakeTheDefaults() throws Exception {
        PoolSettings pool = read("""
                pool:
                  stagger: 1m30s
                  one_process: yes
                  agent: claude
                  fallback: [codex]
                  workers:
                    - {id: api, account: work, domains: [api]}
                    - {agent: codex, epics: [E2], fallback: []}
                """);
        assertThat(pool.size()).as("one per entry").isEqualTo(2);
        assertThat(pool.stagger()).isEqualTo(Duration.ofSeconds(90));
        assertThat(pool.oneProcess()).isTrue();
        assertThat(pool.worker(1)).isEqualTo(new PoolSettings.Member("api", "claude", List.of("codex"), "work",
                List.of("api"), List.of(), pool.worker(1).accountAt()));
        assertThat(pool.worker(1).accountAt()).as("where its account is written").endsWith("config.yaml:7:26");
        assertThat(pool.worker(2).id()).isEqualTo("pool-2");
        assertThat(pool.worker(2).agent()).isEqualTo("codex");
        assertThat(pool.worker(2).epics()).containsExactly("E2");
        assertThat(pool.worker(3)).isEqualTo(new PoolSettings.Member("pool-3", "claude", List.of("codex"), null,
                List.of(), List.of()));
    }

    @Test
    void mistakes_sayWhereAndWhatToDo() {
        assertThatThrownBy(() -> read("pool:\n  stagger: 30\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("config.yaml:2:12").hasMessageContaining("`pool.stagger` is '30', not a duration")
                .hasMessageContaining("it has no unit");
        assertThatThrownBy(() -> read("pool:\n  workers:\n    - {id: a}\n    - {id: a}\n"))
                .hasMessageContaining("config.yaml:4:12").hasMessageContaining("names a twice");
        assertThatThrownBy(() -> read("pool:\n  workers:\n    - {agnet: claude}\n"))
                .hasMessageContaining("did you mean `agent`?");
        assertThatThrownBy(() -> read("pool:\n  size: 0\n")).hasMessageContaining("it must be at least 1");
        assertThatThrownBy(() -> read("pool:\n  one_process: 1\n")).hasMessageContaining("config.yaml:2:16")
                .hasMessageContaining("it must be true or false");
    }
}
