package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The packaged command line as {@code ./wvo} runs it: {@code target/wvo-cli.jar} with
 * {@code target/lib/*} on the class path, and the bundled plugin jars in
 * {@code target/plugins}, loaded by PF4J through their own class loaders. Runs after package
 * (failsafe), since the surefire tests run before the jar and the plugin directory exist.
 */
class PackagedPluginsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Set by failsafe's configuration in cli/pom.xml. */
    private static final String JAR_PROPERTY = "wvo.cli.jar";

    private Path jarPath;

    @TempDir
    Path dir;

    @BeforeEach
    void findTheJar() {
        String jar = System.getProperty(JAR_PROPERTY);
        assumeTrue(jar != null, "needs the packaged jar: runs in mvn verify, through failsafe");
        jarPath = Path.of(jar).toAbsolutePath();
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run wvo(Map<String, String> env, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", jarPath + ":" + jarPath.resolveSibling("lib") + "/*", Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove(WvoCommand.PLUGINS_ENV);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("wvo did not end within 60 s; stderr: " + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theBundledPlugins_loadFromTheirJars_andTheirBackendsSayIfTheyCanRun() throws Exception {
        Run r = wvo(Map.of(), List.of(), "plugins", "list", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("directories").get(0).get("path").asText())
                .isEqualTo(jarPath.resolveSibling("plugins").toString());
        assertThat(ids(doc.get("plugins"))).containsExactly(
                "agent-claude", "agent-codex", "agent-shell", "notify-desktop", "notify-webhook", "partition-domain",
                "partition-epic");
        for (JsonNode plugin : doc.get("plugins")) {
            assertThat(plugin.get("state").asText()).isEqualTo("STARTED");
            assertThat(plugin.get("usable").asBoolean()).isTrue();
            assertThat(plugin.get("version").asText()).isEqualTo("0.1.0");
            assertThat(plugin.get("path").asText()).endsWith("/plugins/wvo-plugin-" + plugin.get("id").asText() + ".jar");
            assertThat(plugin.get("extensions")).hasSize(1);
        }
        assertThat(doc.get("plugins").get(2).get("extensions").get(0).asText())
                .isEqualTo("AgentBackend: dev.wvo.plugins.agentshell.ShellBackend");
        assertThat(names(doc.get("backends"))).containsExactly("claude", "codex", "shell");
        JsonNode shell = doc.get("backends").get(2);
        assertThat(shell.get("plugin").asText()).isEqualTo("agent-shell");
        assertThat(shell.get("available").asBoolean()).isTrue();
        assertThat(shell.get("detail").asText()).isEqualTo("/bin/sh");
        assertThat(names(doc.get("policies"))).containsExactly("domain", "epic");
    }

    @Test
    void pluginsFromTheEnvironmentAndOptions_loadBesideTheBundledOnes_andABrokenOneIsOnlyReported() throws Exception {
        Path fromEnv = Files.createDirectories(dir.resolve("env-plugins"));
        Files.writeString(fromEnv.resolve("broken.jar"), "not a jar at all");
        Path fromOption = Files.createDirectories(dir.resolve("more-plugins"));
        Files.copy(jarPath.resolveSibling("plugins").resolve("wvo-plugin-partition-epic.jar"), fromOption.resolve("epic-again.jar"));

        Run r = wvo(Map.of("WVO_PLUGINS", fromEnv.toString()), List.of(),
                "plugins", "list", "--plugins", fromOption.toString(), "--no-color");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).as("PF4J's own stack traces stay out of the output").isEmpty();
        assertThat(r.out()).containsPattern("broken\\.jar +- +BROKEN +cannot be loaded: ")
                .containsPattern("epic-again\\.jar +- +BROKEN +cannot be loaded: There is an already loaded plugin")
                .containsPattern("agent-shell +0\\.1\\.0 +STARTED +AgentBackend ShellBackend")
                .contains("9 plugin(s), 2 not usable; searched " + jarPath.resolveSibling("plugins")
                        + ", " + fromEnv + ", " + fromOption);
    }

    @Test
    void commandsThatNeedNoPlugins_doNotLoadThePluginSystem() throws Exception {
        Run r = wvo(Map.of(), List.of("-Xlog:class+load=info"), "--state", dir.resolve("state").toString(), "lock", "list");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("dev.wvo.cli.LockListCommand").doesNotContain("org.pf4j");
    }

    private static List<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("id").asText()).toList();
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.get("name").asText()).toList();
    }
}
