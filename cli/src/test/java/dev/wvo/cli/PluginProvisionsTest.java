package dev.wvo.cli;

import dev.wvo.plugins.PluginHost;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.Notifier;
import dev.wvo.spi.PartitionPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a bundled plugin's manifest says it provides ({@value PluginHost#PROVIDES}) is what its
 * extensions are named, and a host loads a plugin only when one of those is asked for: a worker
 * with one backend starts one plugin.
 */
class PluginProvisionsTest {

    @TempDir
    static Path dir;
    private static Path folder;

    @BeforeAll
    static void pluginJars() throws IOException {
        folder = ReactorPlugins.folderIn(dir);
    }

    @Test
    void eachBundledPlugin_providesWhatItsManifestSays() throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.sorted().toList();
        }
        assertThat(jars).hasSize(7);
        for (Path jar : jars) {
            Path alone = Files.createDirectories(dir.resolve("alone-" + jar.getFileName()));
            Files.copy(jar, alone.resolve(jar.getFileName()));
            try (PluginHost host = PluginHost.load(List.of(alone))) {
                List<String> provided = new ArrayList<>();
                host.backends().forEach(b -> provided.add("backend:" + b.name()));
                host.notifiers().forEach(n -> provided.add("notifier:" + n.name()));
                host.policies().forEach(p -> provided.add("policy:" + p.name()));
                assertThat(provided).as(jar.toString()).containsExactlyInAnyOrderElementsOf(declared(jar));
            }
        }
    }

    @Test
    void askingForOneBackend_startsItsPluginAlone_andTheReportStartsEveryOne() {
        try (PluginHost host = PluginHost.load(List.of(folder))) {
            assertThat(host.started()).isEmpty();

            assertThat(host.backend("shell")).map(AgentBackend::name).contains("shell");
            assertThat(host.notifier("webhook")).map(Notifier::name).contains("webhook");
            assertThat(host.policy("nowhere")).isEmpty();
            assertThat(host.started()).containsExactly("agent-shell", "notify-webhook");

            assertThat(host.policies()).map(PartitionPolicy::name).containsExactlyInAnyOrder("domain", "epic");
            assertThat(host.report()).hasSize(7).allMatch(PluginHost.PluginReport::isUsable);
            assertThat(host.started()).hasSize(7);
        }
    }

    private static List<String> declared(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            return Arrays.stream(file.getManifest().getMainAttributes().getValue(PluginHost.PROVIDES).split(","))
                    .map(String::strip).toList();
        }
    }
}
