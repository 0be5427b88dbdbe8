package dev.wvo.cli;

import dev.wvo.cli.render.Palette;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GlobalOptionsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"", "lock", "lock exec", "lock list", "lock break", "completion", "plugins", "plugins list",
            "events", "conflicts", "worker", "worker stop", "worker pause", "worker resume"})
    void help_onEveryCommand_printsUsageAndExitsZero(String command) {
        String[] args = (command + " --help").strip().split(" ");
        Cli.Result r = Cli.run(Map.of(), args);
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("Usage: wvo" + (command.isEmpty() ? "" : " " + command));
        assertThat(r.err()).isEmpty();
    }

    @Test
    void version_printsTheProjectVersion() {
        Cli.Result r = Cli.run(Map.of(), "--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("wvo ").doesNotContain("unknown version").contains("Java 17")
                .contains("\nJava " + Runtime.version() + " ("); // the JDK's own text of its version
    }

    @Test
    void noSubcommand_printsUsageToStderrAndExitsWithUsage() {
        Cli.Result r = Cli.run(Map.of());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Usage: wvo");
    }

    @Test
    void unknownOption_exitsWithUsageAndOneClearLinePlusHint() {
        Cli.Result r = Cli.run(Map.of(), "lock", "list", "--frobnicate");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("wvo: Unknown option: '--frobnicate'")
                .contains("Try 'wvo lock list --help'")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void unknownSubcommand_exitsWithUsage() {
        Cli.Result r = Cli.run(Map.of(), "lok", "list");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unmatched argument").contains("lock");
    }

    @Test
    void stateDirectory_defaultsToStateInTheCurrentDirectory() {
        assertThat(parse(Map.of()).stateDirectory()).isEqualTo(Path.of("state"));
    }

    @Test
    void stateDirectory_comesFromTheEnvironmentWhenSet() {
        assertThat(parse(Map.of("WVO_STATE", "/srv/wvo")).stateDirectory()).isEqualTo(Path.of("/srv/wvo"));
    }

    @Test
    void stateOption_overridesTheEnvironment_beforeOrAfterTheSubcommand() {
        Map<String, String> env = Map.of("WVO_STATE", "/srv/wvo");
        assertThat(parse(env, "--state", "/a", "lock", "list").stateDirectory()).isEqualTo(Path.of("/a"));
        assertThat(parse(env, "lock", "list", "--state", "/b").stateDirectory()).isEqualTo(Path.of("/b"));
        assertThat(parse(env, "lock", "list", "--state", "/b").lockDirectory()).isEqualTo(Path.of("/b/locks"));
    }

    @Test
    void pluginsOption_keepsEveryDirectory_beforeAndAfterTheSubcommand_andStartsAfreshForEachParse() {
        CommandLine cmd = Main.newCommandLine(Map.of());
        WvoCommand top = cmd.getCommand();

        cmd.parseArgs("--plugins", "/a", "plugins", "list", "--plugins", "/b", "--plugins=/c");
        assertThat(top.pluginDirectories()).containsExactly(Path.of("/a"), Path.of("/b"), Path.of("/c"));
        cmd.parseArgs("--plugins", "/a", "--plugins", "/b", "lock", "list", "--plugins", "/c");
        assertThat(top.pluginDirectories()).containsExactly(Path.of("/a"), Path.of("/b"), Path.of("/c"));
        cmd.parseArgs("lock", "list", "--plugins", "/d");
        assertThat(top.pluginDirectories()).containsExactly(Path.of("/d"));
        cmd.parseArgs("lock", "list");
        assertThat(top.pluginDirectories()).isEmpty();
        assertThat(top.globalArguments()).doesNotContain("--plugins");
    }

    @Test
    void color_isRefusedByOptionOrByNoColorEnvironment() {
        assertThat(parse(Map.of()).colorRefused()).isFalse();
        assertThat(parse(Map.of(), "lock", "list", "--no-color").colorRefused()).isTrue();
        assertThat(parse(Map.of("NO_COLOR", "")).colorRefused()).isTrue();
        assertThat(parse(Map.of("NO_COLOR", "1")).palette()).isEqualTo(Palette.PLAIN);
    }

    @Test
    void lockStoreError_isOneLineNamingThePath_andATraceOnlyWithVerbose() {
        Path notADirectory = dir.resolve("file");
        Cli.Result setup = Cli.run(Map.of(), "--state", dir.toString(), "lock", "exec", "r", "--", "touch", notADirectory.toString());
        assertThat(setup.exitCode()).isZero();

        Cli.Result quiet = Cli.run(Map.of(), "--state", notADirectory.toString(), "lock", "exec", "r", "--", "true");
        assertThat(quiet.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(quiet.err().strip().lines()).hasSize(1);
        assertThat(quiet.err()).startsWith("wvo: ").contains(notADirectory.toString()).doesNotContain("\tat ");

        Cli.Result verbose = Cli.run(Map.of(), "--verbose", "--state", notADirectory.toString(), "lock", "exec", "r", "--", "true");
        assertThat(verbose.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(verbose.err()).contains("\tat ");
    }

    private static WvoCommand parse(Map<String, String> env, String... args) {
        CommandLine cmd = Main.newCommandLine(env);
        cmd.parseArgs(args);
        return cmd.getCommand();
    }
}
