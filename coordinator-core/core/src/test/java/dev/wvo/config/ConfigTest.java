package dev.wvo.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** config.yaml read whole, once: every section typed, every mistake named with its place and what to write. */
class ConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        return Files.writeString(dir.resolve("config.yaml"), yaml);
    }

    @Test
    void everySection_isReadIntoItsSettings() throws Exception {
        Config config = Config.read(write("""
                lock_backend: zookeeper
                zookeeper: zk1:2181,zk2:2181
                backends:
                  claude: {model: opus}
                worktree: {mode: always}
                retry: {brief_lines: 10}
                stages:
                  implement: {prompt: "Do {{task.id}}"}
                pipeline: [implement]
                reactions:
                  stalled: {action: block}
                """));

        assertThat(config.lockBackend()).contains("zookeeper");
        assertThat(config.lockBackendWhere()).hasValueSatisfying(w -> assertThat(w).endsWith("config.yaml:1:15"));
        assertThat(config.zookeeper()).contains("zk1:2181,zk2:2181");
        assertThat(config.backends().forWorker(null, java.util.List.of()).get("claude")).containsEntry("model", "opus");
        assertThat(config.worktree().mode()).isEqualTo(WorktreeMode.ALWAYS);
        assertThat(config.retry().briefLines()).isEqualTo(10);
        assertThat(config.pipelines().stages()).containsOnlyKeys("implement");
        assertThat(config.reactions().get(Trigger.STALLED).action()).isEqualTo(Reaction.Action.BLOCK);
    }

    @Test
    void noFile_isTheDefaults() {
        Config config = Config.read(dir.resolve("config.yaml"));
        assertThat(config.lockBackend()).isEmpty();
        assertThat(config.worktree()).isEqualTo(WorktreeSettings.off());
        assertThat(config.reactions()).isEqualTo(Reaction.defaults());
    }

    @Test
    void aTypoOfASection_isNamedWithItsPlaceAndTheKeyItMeans() throws Exception {
        Path file = write("worktre:\n  mode: always\n");
        assertThatThrownBy(() -> Config.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1:1: `worktre` is not a known setting; did you mean `worktree`?")
                .hasMessageContaining("Known here: lock_backend, zookeeper, backends");
    }

    @Test
    void aTypoDeepInASection_isFoundWhenTheFileIsRead_notWhenTheSectionIsUsed() throws Exception {
        Path file = write("reactions:\n  stalled: {action: retry, maxx: 2}\n");
        assertThatThrownBy(() -> Config.read(file))
                .hasMessageStartingWith(file + ":2:28: `reactions.stalled.maxx` is not a known setting; "
                        + "did you mean `max`?");
    }

    @Test
    void aKeyWrittenTwice_isRefused_namingBothLines() throws Exception {
        Path file = write("lock_backend: file\nretry: {brief_lines: 3}\nlock_backend: zookeeper\n");
        assertThatThrownBy(() -> Config.read(file))
                .hasMessage(file + ":3:1: `lock_backend` is set twice (first at line 1); keep one of them");
        Path nested = write("worktree:\n  mode: always\n  mode: off\n");
        assertThatThrownBy(() -> Config.read(nested)).hasMessageStartingWith(nested + ":3:3: `mode` is set twice");
    }

    @Test
    void aWrongLockBackend_blamesTheFile() throws Exception {
        Path file = write("lock_backend: zk\n");
        assertThatThrownBy(() -> Config.read(file))
                .hasMessage(file + ":1:15: `lock_backend` is 'zk'; it must be one of file, zookeeper");
    }

    @Test
    void aDirectory_aBinaryFile_andOneNotInUtf8_saySo() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("config.yaml"));
        assertThatThrownBy(() -> Config.read(directory)).hasMessage(directory + ":1:1: is a directory, not a file; "
                + "remove it or move it away");
        Files.delete(directory);

        Path binary = Files.write(dir.resolve("config.yaml"), new byte[] {'r', 'e', 't', 'r', 'y', ':', '\n', 0, 1, 2});
        assertThatThrownBy(() -> Config.read(binary)).hasMessageStartingWith(binary + ":2:1: binary data (a NUL byte)");

        Path latin1 = Files.write(dir.resolve("config.yaml"), "# caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Config.read(latin1)).hasMessageStartingWith(latin1 + ":1:6: not UTF-8 text (byte 0xE9)");
    }

    @Test
    void aHugeFile_isRefusedBeforeItIsParsed() throws Exception {
        Path file = Files.write(dir.resolve("config.yaml"), new byte[ConfigFile.MAX_BYTES + 1]);
        assertThatThrownBy(() -> Config.read(file)).hasMessageContaining("is over 1024 KB");
    }

    @Test
    void anAliasBomb_isRefusedWithAClearMessage() throws Exception {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            yaml.append(c).append(": &").append(c).append(" [").append(("*" + prev + ", ").repeat(9)).append('*')
                    .append(prev).append("]\n");
        }
        Path file = write(yaml.toString());
        assertThatThrownBy(() -> Config.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":").hasMessageContaining("aliases");
    }

    @Test
    void aDocumentThatIsNotAMapping_saysWhatItMustBe() throws Exception {
        Path file = write("- worktree\n- retry\n");
        assertThatThrownBy(() -> Config.read(file))
                .hasMessage(file + ":1:1: the configuration must be a mapping of sections (backends:, worktree:, ...)");
    }
}
