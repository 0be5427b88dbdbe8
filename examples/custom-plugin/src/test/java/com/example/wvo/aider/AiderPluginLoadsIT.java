package com.example.wvo.aider;

import dev.wvo.plugins.PluginHost;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged plugin jar, dropped into a plugins directory next to a broken plugin, is loaded
 * by wvo's real plugin host; the broken one is reported and does not stop it.
 */
class AiderPluginLoadsIT {

    @TempDir
    Path dir;

    @Test
    void droppedIntoAPluginsDirectory_itLoadsAndRuns() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("plugin.jar")), plugins.resolve("example-aider.jar"));
        Files.write(plugins.resolve("broken.jar"), "not a jar at all".getBytes());
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("aider"), "#!/bin/sh\necho \"aider got: $2\"\necho 'Applied edit to README.md'\n");
        Files.setPosixFilePermissions(bin.resolve("aider"), PosixFilePermissions.fromString("rwxr-xr-x"));

        try (PluginHost host = PluginHost.load(List.of(plugins))) {
            List<PluginHost.PluginReport> report = host.report();
            assertThat(report).anySatisfy(p -> {
                assertThat(p.id()).isEqualTo("example-aider");
                assertThat(p.version()).isEqualTo("1.0.0");
                assertThat(p.isUsable()).isTrue();
                assertThat(p.extensions()).containsExactly("AgentBackend: com.example.wvo.aider.AiderBackend");
            });
            assertThat(report).anySatisfy(p -> {
                assertThat(p.path().getFileName().toString()).isEqualTo("broken.jar");
                assertThat(p.isUsable()).isFalse();
                assertThat(p.problem()).contains("cannot be loaded");
            });

            AgentBackend aider = host.backend("aider").orElseThrow();
            // loaded by the plugin's own class loader, not the application's
            assertThat(aider.getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
            TaskView task = TaskView.builder("T9").title("Tidy README").status("in_progress").build();
            List<String> lines = new CopyOnWriteArrayList<>();
            AgentOutcome outcome = aider.run(new AgentRun(task, dir, "Tidy the README",
                    Map.of("PATH", bin + ":" + System.getenv("PATH")), Duration.ofMinutes(1), Duration.ofMinutes(1),
                    Map.of(), null), lines::add);
            assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.SUCCESS);
            assertThat(lines).containsExactly("aider got: Tidy the README", "Applied edit to README.md");
        }
    }
}
