package dev.wvo.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The top command {@code wvo}. It holds the global options, which every subcommand inherits, so
 * they may be written before or after the subcommand's name.
 */
@Command(name = "wvo",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Several AI coding agents on one repository, coordinated through files under state/.",
        footerHeading = "%nExit status:%n",
        footer = {"  0 ok, 1 failure, 2 usage error, 75 lock not acquired in time,",
                "  126/127 COMMAND not executable/not found (lock exec). See docs/cli.md."},
        subcommands = {LockCommand.class, CompletionCommand.class, InitCommand.class, TaskCommand.class,
                ReclaimCommand.class, StatusCommand.class, WorkerCommand.class})
public final class WvoCommand implements Callable<Integer> {

    /** Environment variable that sets the default state directory. */
    public static final String STATE_ENV = "WVO_STATE";
    /** Environment variable that turns colour off when set, whatever its value (no-color.org). */
    public static final String NO_COLOR_ENV = "NO_COLOR";

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--state", paramLabel = "DIR", scope = ScopeType.INHERIT, order = 1,
            description = "The state directory. Default: $" + STATE_ENV + " if set, else state in the current directory.")
    private Path state;

    @Option(names = "--no-color", scope = ScopeType.INHERIT, order = 2,
            description = "No colours in the output (also when $" + NO_COLOR_ENV + " is set).")
    private boolean noColor;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, order = 3,
            description = "Explain more, and show stack traces of errors.")
    private boolean verbose;

    /** @param environment the process environment, from which {@code WVO_STATE} and {@code NO_COLOR} are read */
    public WvoCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The top command of the tree a command belongs to, which holds the global options. */
    static WvoCommand of(CommandSpec spec) {
        return (WvoCommand) spec.root().userObject();
    }

    /** The state directory: {@code --state}, else {@code $WVO_STATE}, else {@code ./state}. */
    public Path stateDirectory() {
        if (state != null) {
            return state;
        }
        String fromEnv = environment.get(STATE_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "state");
    }

    /** Where the locks live: {@code <state>/locks}. */
    public Path lockDirectory() {
        return stateDirectory().resolve("locks");
    }

    public boolean verbose() {
        return verbose;
    }

    /** True if the user asked for no colour, by option or by {@code NO_COLOR}. */
    public boolean colorRefused() {
        return noColor || environment.containsKey(NO_COLOR_ENV);
    }

    /** The styles for output to a stream; plain unless colour is allowed and it is a terminal. */
    public Palette palette() {
        return colorRefused() ? Palette.PLAIN : Palette.forTerminal();
    }
}
