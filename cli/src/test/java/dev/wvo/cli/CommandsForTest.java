package dev.wvo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
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

    /** Main.namedIn finds a command's class by its name first: a class named otherwise would never be built. */
    @Test
    void everyCommandThatIsBuiltOnlyWhenNamed_isNamedForItsCommand_andHasNoAlias() {
        List<Class<?>> pruned = new ArrayList<>(WvoCommand.SUBCOMMANDS);
        pruned.addAll(TaskCommand.SUBCOMMANDS);
        pruned.addAll(WorkerCommand.REQUESTS);
        for (Class<?> command : pruned) {
            String name = Main.nameOf(command);
            assertThat(command.getSimpleName()).as("the class of `%s`", name).endsWith(Main.classNameOf(name));
            String[] aliases = CodeBuiltCommand.isCodeBuilt(command) ? CodeBuiltCommand.of(command).spec().aliases()
                    : command.getAnnotation(CommandLine.Command.class).aliases();
            assertThat(aliases).as("aliases of `%s`, which Main.namedIn does not look for", name).isEmpty();
        }
        assertThat(Main.classNameOf("merge-queue")).isEqualTo("MergeQueueCommand");
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
    void aNamedTaskCommand_isTheOnlyOneBuiltUnderTask_butHelpMistypedNamesAndCompletionGetThemAll() {
        assertThat(taskCommandsOf("task", "list", "--state", "s")).containsExactly("list");
        assertThat(taskCommandsOf("--state", "s", "task", "show", "T1")).containsExactly("show");
        assertThat(taskCommandsOf("task")).containsExactly("add", "list", "show", "reset", "resolve");
        assertThat(taskCommandsOf("task", "--help")).containsExactly("add", "list", "show", "reset", "resolve");
        assertThat(taskCommandsOf("task", "lst")).containsExactly("add", "list", "show", "reset", "resolve");
        assertThat(taskCommandsOf("completion", "list")).containsExactly("add", "list", "show", "reset", "resolve");
        assertThat(Main.newCommandLine(Map.of()).getSubcommands().get("task").getSubcommands())
                .containsOnlyKeys("add", "list", "show", "reset", "resolve");
    }

    @Test
    void aTaskCommandBuiltAlone_parsesAsWithEveryTaskCommand() {
        String[] args = {"task", "list", "--status", "done", "--state", "s", "--json"};
        CommandLine.ParseResult alone = Main.newCommandLine(Map.of(), args).parseArgs(args);
        CommandLine.ParseResult all = Main.newCommandLine(Map.of()).parseArgs(args);
        assertThat(alone.subcommand().subcommand().commandSpec().name()).isEqualTo("list");
        assertThat(alone.subcommand().subcommand().matchedOptions()).hasSameSizeAs(all.subcommand().subcommand().matchedOptions());
        assertThat(run("task", "lst")).contains("Did you mean: task list?");
    }

    private static java.util.Set<String> taskCommandsOf(String... args) {
        return Main.newCommandLine(Map.of(), args).getSubcommands().get("task").getSubcommands().keySet();
    }

    @Test
    void aMistypedName_getsTheSameSuggestionAsWithEveryCommand() {
        assertThat(run("stauts")).contains("Did you mean: wvo status");
    }

    @Test
    void aCommandBuiltAlone_takesTheGlobalOptionsAfterItsName() {
        CommandLine alone = Main.newCommandLine(Map.of(), new String[] {"status"});
        CommandLine.ParseResult parsed = alone.parseArgs("status", "--state", "elsewhere", "--no-color");
        assertThat(((WvoCommand) alone.getCommand()).stateDirectory()).hasToString("elsewhere");
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("status");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine(Map.of(), args);
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        cmd.execute(args);
        return err.toString();
    }
}
