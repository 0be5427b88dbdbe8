package dev.wvo.cli;

import dev.wvo.cli.render.Palette;
import dev.wvo.config.Config;
import dev.wvo.config.ConfigException;
import dev.wvo.config.PluginSettingsCheck;
import dev.wvo.plugins.PluginHost;
import dev.wvo.fs.StateDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ScopeType;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The top command {@code wvo}. It holds the global options, which every subcommand inherits, so
 * they may be written before or after the subcommand's name.
 *
 * <p>Unlike every other command, its model is built in code ({@link #spec()}), not read from
 * annotations: every run builds it, {@code wvo --version} builds nothing else, and reading
 * annotations makes the JVM generate a proxy class per annotation type at every start (JDK 17's
 * class-data archive cannot keep them), which was a third of {@code --version}'s CPU
 * (docs/performance.md, "Why the start-up ratios are missed here"). The standard help options
 * are declared here too, inherited like the global options, instead of picocli's annotated mixin.
 */
public final class WvoCommand extends CommandGroup {

    /**
     * The commands under {@code wvo}, in the order help lists them. {@link Main} adds them to the
     * command line, only those a run needs: picocli reads a command's annotations and makes its
     * objects when it is added, and a run should not pay for twenty commands to run one.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, InitCommand.class, TaskCommand.class,
            WorkerCommand.class, StatusCommand.class, ShellCommand.class, ServeCommand.class, ReclaimCommand.class, DoctorCommand.class,
            EventsCommand.class, ConflictsCommand.class, ContextCommand.class, LockCommand.class, PluginsCommand.class,
            CostCommand.class, LimitsCommand.class, MergeDriverCommand.class, GitCommand.class, CompletionCommand.class,
            MergeQueueCommand.class, UpCommand.class, DownCommand.class, PsCommand.class, CleanupCommand.class,
            ImportCommand.class, ExportCommand.class);

    /** Environment variable that sets the default state directory. */
    public static final String STATE_ENV = "WVO_STATE";
    /** Environment variable that turns colour off when set, whatever its value (no-color.org). */
    public static final String NO_COLOR_ENV = "NO_COLOR";
    /** Environment variable with more plugin directories, separated by the path separator ({@code :}). */
    public static final String PLUGINS_ENV = "WVO_PLUGINS";
    /** Environment variable that sets the default lock backend: {@code file} or {@code zookeeper}. */
    public static final String LOCK_BACKEND_ENV = "WVO_LOCK_BACKEND";
    /** Environment variable with the default ZooKeeper ensemble, {@code host:port[,host:port...]}. */
    public static final String ZOOKEEPER_ENV = "WVO_ZOOKEEPER";

    private final Map<String, String> environment;
    /** config.yaml, read at the first need of it: once per process. */
    private Config config;

    // The global options, in the order help lists them. Each keeps its value in its own binding,
    // which the copies picocli gives every subcommand share: a value given after a subcommand's
    // name is read here as well.
    private final OptionSpec help = global("-h", "--help").usageHelp(true)
            .description("Show this help message and exit.").build();
    private final OptionSpec version = global("-V", "--version").versionHelp(true)
            .description("Print version information and exit.").build();
    private final OptionSpec state = global("--state").paramLabel("DIR").type(Path.class).order(1)
            .description("The state directory. Default: $" + STATE_ENV + " if set, else state in the current directory.")
            .build();
    private final OptionSpec noColor = global("--no-color").order(2)
            .description("No colours in the output (also when $" + NO_COLOR_ENV + " is set).").build();
    private final OptionSpec verbose = global("--verbose").order(3)
            .description("Explain more, and show stack traces of errors.").build();
    private final OneListPerParse pluginsGiven = new OneListPerParse();
    private final OptionSpec plugins = global("--plugins").paramLabel("DIR").type(List.class).auxiliaryTypes(Path.class)
            .order(4).description("Also load plugins from DIR (repeatable), after the bundled ones and those of $"
                    + PLUGINS_ENV + ".")
            .setter(pluginsGiven).getter(pluginsGiven).build();
    private final OptionSpec lockBackend = global("--lock-backend").paramLabel("file|zookeeper").type(String.class)
            .order(5).description("Where locks live: file (<state>/locks, one host or a shared file system) or zookeeper "
                    + "(the ensemble of --zookeeper, for several hosts). Default: $" + LOCK_BACKEND_ENV
                    + " if set, else file.")
            .build();
    private final OptionSpec zookeeper = global("--zookeeper").paramLabel("HOSTS").type(String.class).order(6)
            .description("The ZooKeeper ensemble for --lock-backend zookeeper: host:port[,host:port...]. "
                    + "Default: $" + ZOOKEEPER_ENV + ".")
            .build();

    private final CommandSpec spec;

    /**
     * @param environment the process environment, from which {@code WVO_STATE}, {@code NO_COLOR}
     *                    and {@code WVO_PLUGINS} are read
     */
    public WvoCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        // scope INHERIT: the subcommands take the version provider and the usage layout from here
        spec = CommandSpec.wrapWithoutInspection(this).name("wvo").scopeType(ScopeType.INHERIT)
                .versionProvider(new VersionProvider());
        spec.usageMessage().sortOptions(false).autoWidth(true)
                .header("Several AI coding agents on one repository, coordinated through files under state/.")
                .footerHeading("%nExit status:%n")
                .footer("  0 ok, 1 failure, 2 usage error, 75 lock not acquired in time,",
                        "  126/127 COMMAND not executable/not found (lock exec). See docs/cli.md.");
        for (OptionSpec option : List.of(help, version, state, noColor, verbose, plugins, lockBackend, zookeeper)) {
            spec.addOption(option);
        }
    }

    /**
     * The binding of {@code --plugins}: one list for a whole command line, whichever command's
     * copy of the option a directory is given to. picocli starts a new list the first time a
     * subcommand's copy of an inherited list option is given (it looks for the copy, not the
     * original, among the options it has filled), which lost {@code wvo --plugins a plugins
     * list --plugins b}'s {@code a}. A list other than this one, set while this one holds
     * directories, is such a start: picocli sets it empty, fills it and sets it again, and what it
     * holds then is added to this one, which is what picocli reads back and fills at the next
     * {@code --plugins} of that command. Every parse starts from nothing (picocli sets the initial
     * value, null).
     */
    private static final class OneListPerParse implements ISetter, IGetter {
        private List<Object> directories;

        @Override
        @SuppressWarnings("unchecked")
        public <T> T set(T value) {
            List<Object> before = directories;
            List<Object> given = (List<Object>) value;
            if (given == null || directories == null) {
                directories = given;
            } else if (given != directories) {
                directories.addAll(given);
            }
            return (T) before;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T get() {
            return (T) directories;
        }
    }

    /** An option every subcommand inherits; a flag unless given a type. */
    private static OptionSpec.Builder global(String... names) {
        return OptionSpec.builder(names).scopeType(ScopeType.INHERIT);
    }

    /** The model of {@code wvo} and its global options, for a {@code new CommandLine(...)}. */
    @Override
    CommandSpec spec() {
        return spec;
    }

    /** The environment this command line was given: what a command line run from it (the shell's) gets too. */
    Map<String, String> environment() {
        return environment;
    }

    /** The top command of the tree a command belongs to, which holds the global options. */
    static WvoCommand of(CommandSpec spec) {
        return (WvoCommand) spec.root().userObject();
    }

    /** The state directory: {@code --state}, else {@code $WVO_STATE}, else {@code ./state}. */
    public Path stateDirectory() {
        Path given = state.getValue();
        if (given != null) {
            return given;
        }
        String fromEnv = environment.get(STATE_ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "state");
    }

    /**
     * The global options this command was given, as arguments for another wvo process that
     * should see the same state, plugins and locks (a worker started by the shell's spawn):
     * {@code --state} always, absolute; {@code --plugins}, {@code --lock-backend} and
     * {@code --zookeeper} when given. What comes from the environment reaches the child with it.
     */
    public List<String> globalArguments() {
        List<String> args = new ArrayList<>(List.of("--state", stateDirectory().toAbsolutePath().toString()));
        pluginOptions().forEach(p -> args.addAll(List.of("--plugins", p.toAbsolutePath().toString())));
        String backend = lockBackend.getValue();
        if (backend != null) {
            args.addAll(List.of("--lock-backend", backend));
        }
        String ensemble = zookeeper.getValue();
        if (ensemble != null) {
            args.addAll(List.of("--zookeeper", ensemble));
        }
        if (verbose()) {
            args.add("--verbose");
        }
        return args;
    }

    /** Each {@code --plugins} given, in order. */
    private List<Path> pluginOptions() {
        List<Path> given = plugins.getValue();
        return given != null ? given : List.of();
    }

    /** The layout of the state directory. */
    public StateDir state() {
        return new StateDir(stateDirectory());
    }

    /** Where the workers' records and control files live: {@code <state>/workers}. */
    public Path workersDirectory() {
        return state().workers();
    }

    /** Where the locks live: {@code <state>/locks}. */
    public Path lockDirectory() {
        return state().locks();
    }

    /**
     * The plugin directories, in loading order: the bundled one ({@code plugins} next to
     * {@code wvo-cli.jar}, when running from that jar), then {@code $WVO_PLUGINS}, then each
     * {@code --plugins}. Directories that do not exist are kept here and skipped by the loader.
     */
    public List<Path> pluginDirectories() {
        List<Path> directories = new ArrayList<>();
        bundledPluginDirectory().ifPresent(directories::add);
        String fromEnv = environment.get(PLUGINS_ENV);
        if (fromEnv != null) {
            Arrays.stream(fromEnv.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of)
                    .forEach(directories::add);
        }
        directories.addAll(pluginOptions());
        return directories;
    }

    /**
     * {@code <directory of wvo-cli.jar>/plugins}, where the build puts the bundled plugins; empty
     * when wvo runs from class directories (tests), which have no bundled plugins.
     */
    static Optional<Path> bundledPluginDirectory() {
        CodeSource source = WvoCommand.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.of(location.resolveSibling("plugins")) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code <state>/config.yaml}, read and checked at the first call, then kept: every part of
     * this process sees the one reading.
     *
     * @throws CommandFailure exit 2, naming file:line:column, when the file is wrong
     */
    public Config config() {
        if (config == null) {
            try {
                config = Config.read(state().config());
            } catch (ConfigException e) {
                throw new CommandFailure(ExitCodes.USAGE, e.getMessage() + "; fix " + state().config() + " and run the command again");
            }
        }
        return config;
    }

    /**
     * Checks what config.yaml says about plugins against the plugins loaded: notifier and backend
     * names, and each plugin's settings as the plugin judges them. With no plugin loaded (wvo run
     * from its class directories, no plugin directory) there is nothing to judge by: `doctor` says so.
     *
     * @throws CommandFailure exit 2, naming file:line:column, when one is wrong
     */
    public void checkPluginSettings(PluginHost plugins) {
        Config settings = config();
        if (plugins.isEmpty()) {
            return;
        }
        try {
            new PluginSettingsCheck(plugins, environment).check(settings);
        } catch (ConfigException e) {
            throw new CommandFailure(ExitCodes.USAGE, e.getMessage() + "; fix " + state().config() + " and run the command again");
        }
    }

    /**
     * The lock backend's name as the user gave it, and where: {@code --lock-backend}, else
     * {@code $WVO_LOCK_BACKEND}, else config.yaml's {@code lock_backend} (checked there), else
     * {@code file}; {@link LockBackends} checks the first two.
     */
    public Setting lockBackend() {
        String backend = lockBackend.getValue();
        if (backend != null) {
            return new Setting(backend, "--lock-backend");
        }
        String fromEnv = environment.get(LOCK_BACKEND_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Setting(fromEnv.strip(), "$" + LOCK_BACKEND_ENV);
        }
        Config settings = config();
        return settings.lockBackend().map(b -> new Setting(b, settings.lockBackendWhere().orElseThrow()))
                .orElse(new Setting("file", "the default"));
    }

    /**
     * A value of a global setting and where it came from, for messages about it.
     *
     * @param value  the value as given
     * @param source the option, the environment variable, or {@code config.yaml:line:column}
     */
    public record Setting(String value, String source) {
    }

    /** The ZooKeeper connect string: {@code --zookeeper}, else {@code $WVO_ZOOKEEPER}, else config.yaml's {@code zookeeper}. */
    public Optional<String> zookeeper() {
        String ensemble = zookeeper.getValue();
        if (ensemble != null && !ensemble.isBlank()) {
            return Optional.of(ensemble.strip());
        }
        String fromEnv = environment.get(ZOOKEEPER_ENV);
        return fromEnv != null && !fromEnv.isBlank() ? Optional.of(fromEnv.strip()) : config().zookeeper();
    }

    public boolean verbose() {
        return Boolean.TRUE.equals(verbose.getValue());
    }

    /** True if the user asked for no colour, by option or by {@code NO_COLOR}. */
    public boolean colorRefused() {
        return Boolean.TRUE.equals(noColor.getValue()) || environment.containsKey(NO_COLOR_ENV);
    }

    /** The styles for output to a stream; plain unless colour is allowed and it is a terminal. */
    public Palette palette() {
        return colorRefused() ? Palette.PLAIN : Palette.forTerminal();
    }
}
