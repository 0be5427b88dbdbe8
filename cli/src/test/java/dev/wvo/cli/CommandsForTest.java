package dev.wvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run builds only the commands its arguments name, and still behaves as the whole command line does. */
class CommandsForTest {

    @Test
    void aNamedCommand_isTheOnlyOneBuilt_wherever_theGlobalOptionsStand() {
        assertThat(Main.commandsFor(new String[] {"--state", "s", "status", "--json"})).containsExactly(StatusCommand.class);
        assertThat(Main.commandsFor(new String[] {"task", "list", "--state", "s"})).containsExactly(TaskCommand.class);
    }

    @Test
    void version_needsNoCommand_butHelpAndMistypedNamesNeedThemAll() {
        assertThat(Main.commandsFor(new String[] {"--version"})).isEmpty();
        assertThat(Main.commandsFor(new String[] {})).isEqualTo(WvoCommand.SUBCOMMANDS);
        assertThat(Main.commandsFor(new String[] {"--help"})).isEqualTo(WvoCommand.SUBCOMMANDS);
        assertThat(Main.commandsFor(new String[] {"stauts"})).isEqualTo(WvoCommand.SUBCOMMANDS);
        assertThat(Main.commandsFor(new String[] {"completion"})).isEqualTo(WvoCommand.SUBCOMMANDS);
    }

    @Test
    void aWorkersStart_needsNotWorkersOwnCommands_butEveryOtherRunOfWorkerDoes() {
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "--agent", "shell", "--id", "w1"})).isFalse();
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "--agent=shell"})).isFalse();
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "stop", "w1"})).isTrue();
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "list"})).isTrue();
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "--agent", "shell", "stop", "w1"})).isTrue();
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "--agent", "shell", "--help"})).isTrue();
        assertThat(Main.needsWorkerRequests(new String[] {"worker", "--help"})).isTrue();
    }

    @Test
    void aWorkersStart_parsesAsWithWorkersOwnCommands() {
        String[] args = {"worker", "--agent", "shell", "--id", "w1", "--state", "s"};
        CommandLine.ParseResult without = Main.newCommandLine(Map.of(), Main.commandsFor(args), false).parseArgs(args);
        CommandLine.ParseResult with = Main.newCommandLine(Map.of(), Main.commandsFor(args), true).parseArgs(args);
        assertThat(without.subcommand().commandSpec().name()).isEqualTo("worker");
        assertThat(without.subcommand().matchedOptions()).hasSameSizeAs(with.subcommand().matchedOptions());
        assertThat(Main.newCommandLine(Map.of(), Main.commandsFor(args), false).getSubcommands().get("worker")
                .getSubcommands()).isEmpty();
        assertThat(Main.newCommandLine(Map.of()).getSubcommands().get("worker").getSubcommands())
                .containsOnlyKeys("stop", "pause", "resume", "list");
    }

    @Test
    void aMistypedName_getsTheSameSuggestionAsWithEveryCommand() {
        assertThat(run("stauts")).contains("Did you mean: wvo status");
    }

    @Test
    void aCommandBuiltAlone_takesTheGlobalOptionsAfterItsName() {
        CommandLine alone = Main.newCommandLine(Map.of(), Main.commandsFor(new String[] {"status"}));
        CommandLine.ParseResult parsed = alone.parseArgs("status", "--state", "elsewhere", "--no-color");
        assertThat(((WvoCommand) alone.getCommand()).stateDirectory()).hasToString("elsewhere");
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("status");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine(Map.of(), Main.commandsFor(args));
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.execute(args);
        return err.toString();
    }
}
