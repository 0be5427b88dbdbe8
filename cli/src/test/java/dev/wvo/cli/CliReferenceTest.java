package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * docs/cli.md's generated command reference matches the picocli model. Run with
 * {@code -Dwvo.updateDocs=true} to rewrite the region instead of checking it.
 */
class CliReferenceTest {

    /** The command that rewrites the region, from the repository root of a fresh clone. */
    static final String REGENERATE = "mvn -q -B -pl cli -am test -Dtest=CliReferenceTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dwvo.updateDocs=true";

    private static final Path CLI_MD = Path.of("..", "docs", "cli.md");

    @Test
    void generatedCommandReference_isUpToDate() throws IOException {
        String document = Files.readString(CLI_MD, StandardCharsets.UTF_8);
        String region = CliReference.render();
        if (Boolean.getBoolean("wvo.updateDocs")) {
            Files.writeString(CLI_MD, CliReference.replaceRegion(document, region), StandardCharsets.UTF_8);
            return;
        }
        if (!CliReference.currentRegion(document).equals(region)) {
            fail("docs/cli.md's command reference is out of date with the @Command annotations; regenerate it "
                    + "from the repository root with:\n  " + REGENERATE);
        }
    }

    @Test
    void theRegion_listsEveryCommand_withoutTheGlobalOptionsAgain() {
        String region = CliReference.render();

        assertThat(region).contains("#### `wvo status`", "#### `wvo lock exec`", "#### `wvo worker list`",
                "Usage: wvo status [GLOBAL OPTIONS] [-hV] [--json] [--watch]");
        // every command has its own header, none inherits wvo's
        assertThat(region.split("Several AI coding agents on one repository", -1)).hasSize(2);
        // --state is described once, under wvo itself
        assertThat(region.split("The state directory. Default", -1)).hasSize(2);
    }

    @Test
    void everyCommand_answersHelp_withItsOwnUsage() {
        List<String> failing = new ArrayList<>();
        // picocli warns on stderr of its own when a description does not format ('%' not doubled)
        PrintStream stderr = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            visit(Main.newCommandLine(Map.of()), failing);
        } finally {
            System.setErr(stderr);
        }
        assertThat(failing).as("commands whose --help fails or prints no usage").isEmpty();
        assertThat(warnings.toString(StandardCharsets.UTF_8)).as("picocli's warnings: write a '%' of a description as '%%'")
                .doesNotContain("[picocli WARN]");
    }

    private static void visit(CommandLine cmd, List<String> failing) {
        String name = cmd.getCommandSpec().qualifiedName();
        List<String> args = new ArrayList<>(List.of(name.split(" ")).subList(1, name.split(" ").length));
        args.add("--help");
        Cli.Result r = Cli.run(Map.of(), args.toArray(String[]::new));
        if (r.exitCode() != 0 || !r.out().contains("Usage: " + name)) {
            failing.add(name + " (exit " + r.exitCode() + ")");
        }
        cmd.getSubcommands().values().stream().distinct().forEach(sub -> visit(sub, failing));
    }

    @Test
    void replaceRegion_keepsWhatIsAroundIt() {
        String doc = "intro\n" + CliReference.BEGIN + "\nold\n" + CliReference.END + "\noutro\n";

        assertThat(CliReference.replaceRegion(doc, CliReference.BEGIN + "\nnew\n" + CliReference.END + "\n"))
                .isEqualTo("intro\n" + CliReference.BEGIN + "\nnew\n" + CliReference.END + "\noutro\n");
    }
}
