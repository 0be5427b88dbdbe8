package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wvo plugins list} in this JVM, which runs from class directories and so has no bundled
 * plugins; loading the real packaged plugins is {@code PluginsFromPackagedJarIT}'s part.
 */
class PluginsListTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void noPlugins_saysWhereItLooked_andExitsZero() {
        Path missing = dir.resolve("missing");

        Cli.Result r = Cli.run(Map.of(), "plugins", "list", "--plugins", dir.toString(), "--plugins", missing.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("No plugins found. Searched: " + dir + ", " + missing + " (missing).");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aBrokenPlugin_isListedWithItsProblem_withoutAStackTrace_andExitsZero() throws IOException {
        Files.writeString(dir.resolve("broken.jar"), "not a jar at all");

        Cli.Result r = Cli.run(Map.of(), "plugins", "list", "--plugins", dir.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("broken.jar").contains("BROKEN").contains("cannot be loaded")
                .contains("1 plugin(s), 1 not usable");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void json_listsDirectoriesPluginsBackendsAndPolicies() throws IOException {
        Files.writeString(dir.resolve("broken.jar"), "not a jar at all");

        Cli.Result r = Cli.run(Map.of(), "plugins", "list", "--json", "--plugins", dir.toString());

        assertThat(r.exitCode()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("directories").get(0).get("path").asText()).isEqualTo(dir.toString());
        assertThat(doc.get("directories").get(0).get("exists").asBoolean()).isTrue();
        JsonNode broken = doc.get("plugins").get(0);
        assertThat(broken.get("id").asText()).isEqualTo("broken.jar");
        assertThat(broken.get("version").isNull()).isTrue();
        assertThat(broken.get("state").asText()).isEqualTo("BROKEN");
        assertThat(broken.get("usable").asBoolean()).isFalse();
        assertThat(broken.get("extensions")).isEmpty();
        assertThat(broken.get("path").asText()).isEqualTo(dir.resolve("broken.jar").toString());
        assertThat(broken.get("problem").asText()).startsWith("cannot be loaded: ");
        assertThat(doc.get("backends")).isEmpty();
        assertThat(doc.get("policies")).isEmpty();
    }

    @Test
    void pluginDirectories_comeFromTheEnvironmentThenTheOptions_inOrder() {
        CommandLine cmd = Main.newCommandLine(Map.of("WVO_PLUGINS", "/a:/b::"));
        cmd.parseArgs("plugins", "list", "--plugins", "/c", "--plugins", "/d");
        WvoCommand top = cmd.getCommand();

        assertThat(top.pluginDirectories()).containsExactly(Path.of("/a"), Path.of("/b"), Path.of("/c"), Path.of("/d"));
    }

    @Test
    void bundledPluginDirectory_isAbsentWhenRunningFromClassDirectories() {
        assertThat(WvoCommand.bundledPluginDirectory()).isEmpty();
    }
}
