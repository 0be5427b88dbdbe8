package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The entry point of {@code wvo}: parses the command line, runs the command, exits with its status. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        configureLibraries();
        WorkerPreload.startIfWorker(Arrays.asList(args));
        System.exit(newCommandLine(System.getenv(), args).execute(args));
    }

    /**
     * Sets the system properties that spare picocli and slf4j work at every start: a search of
     * the whole class path at their first use, which opens and indexes every jar of it (47), a few
     * tens of milliseconds (docs/performance.md, "CLI start-up"), and picocli's converters for
     * types no option of wvo has. The archive's training run sets them too, so that it loads the
     * classes a real run loads.
     */
    static void configureLibraries() {
        // picocli's DefaultFactory looks for Groovy's Closure class when it is first used, and a
        // class that is on no jar of the class path is looked for in every one. wvo's annotations
        // hold no Groovy closures.
        System.setProperty("picocli.disable.closures", "true");
        // picocli registers a converter for each java.sql and java.time type it knows, each found
        // by name and its parsing method by reflection: an eighth of the CPU of `wvo --version`'s
        // main thread. No option of wvo has such a type (durations have their DurationConverter).
        System.setProperty("picocli.converters.excludes", "java\\.sql\\..*,java\\.time\\..*");
        // slf4j finds its provider with a ServiceLoader, which reads every jar for the ones that
        // name one (the lock manager's first logger did so in every `status`); named, it is
        // loaded by name. slf4j-simple is the binding wvo ships. slf4j notes a named provider in
        // an info line on stderr: only its warnings and errors are printed.
        System.getProperties().putIfAbsent("slf4j.provider", org.slf4j.simple.SimpleServiceProvider.class.getName());
        System.getProperties().putIfAbsent("slf4j.internal.verbosity", "WARN");
    }

    /**
     * The configured command line with every command, ready to {@code execute}; tests call this
     * with their own environment and their own out/err writers.
     */
    public static CommandLine newCommandLine(Map<String, String> environment) {
        return newCommandLine(environment, WvoCommand.SUBCOMMANDS, true);
    }

    /**
     * The command line a run with {@code args} needs: of the commands under {@code wvo}, {@code worker}
     * and {@code task}, only those it runs ({@link #commandsFor}, {@link #needsWorkerRequests},
     * {@link #taskCommandsFor}).
     */
    static CommandLine newCommandLine(Map<String, String> environment, String[] args) {
        List<Class<?>> commands = commandsFor(args);
        return newCommandLine(environment, commands, needsWorkerRequests(args), taskCommandsFor(args, commands));
    }

    /**
     * The commands a run with {@code args} needs: those the arguments name (a word that is not a
     * command's name costs nothing but the extra command); none for {@code --version}; every one
     * when no command is named (help lists them, a mistyped name gets suggestions) or for
     * {@code completion}, whose scripts describe them all.
     */
    static List<Class<?>> commandsFor(String[] args) {
        Set<String> words = Set.copyOf(Arrays.asList(args));
        List<Class<?>> named = namedIn(words, WvoCommand.SUBCOMMANDS);
        if (named.contains(CompletionCommand.class)) {
            return WvoCommand.SUBCOMMANDS;
        }
        if (!named.isEmpty()) {
            return named;
        }
        boolean versionOnly = (words.contains("--version") || words.contains("-V"))
                && !words.contains("--help") && !words.contains("-h");
        return versionOnly ? List.of() : WvoCommand.SUBCOMMANDS;
    }

    /**
     * Whether a run with {@code args} needs {@code worker}'s own commands ({@code stop},
     * {@code pause}, {@code resume}, {@code list}): every run but a worker's start, unless it names
     * one of them or asks for help. picocli builds a model of every command added, and those four
     * were ~15 ms of the main thread's CPU on a worker's way to its first claim
     * (docs/performance.md, "Worker start-up and idle cost").
     */
    static boolean needsWorkerRequests(String[] args) {
        Set<String> words = Set.copyOf(Arrays.asList(args));
        return !WorkerPreload.startsWorker(Arrays.asList(args)) || words.contains("--help") || words.contains("-h")
                || !namedIn(words, WorkerCommand.REQUESTS).isEmpty();
    }

    /**
     * The commands under {@code task} that a run with {@code args} needs, given the commands under
     * {@code wvo} it builds ({@link #commandsFor}): those the arguments name, else all of them (help
     * lists them, a mistyped name gets suggestions), and all of them when every command is built
     * (help, completion scripts). picocli builds a model of each command added: the four that
     * {@code task list} does not run cost its main thread ~20 ms of CPU, as much as its table
     * (docs/performance.md, "CLI start-up on a 10,000-task roadmap").
     */
    static List<Class<?>> taskCommandsFor(String[] args, List<Class<?>> commands) {
        if (commands.equals(WvoCommand.SUBCOMMANDS)) {
            return TaskCommand.SUBCOMMANDS;
        }
        List<Class<?>> named = namedIn(Set.copyOf(Arrays.asList(args)), TaskCommand.SUBCOMMANDS);
        return named.isEmpty() ? TaskCommand.SUBCOMMANDS : named;
    }

    /**
     * The commands of {@code candidates} whose name is one of {@code words}. Only a command's
     * annotation knows its name (or its model, for one built in code: {@link #nameOf}), and
     * reading it parses all of the class's annotations: a class is
     * first matched by its own name, which is its command's name in camel case before
     * {@code Command} ({@code merge-queue} is {@code MergeQueueCommand}, {@code task list}
     * {@code TaskListCommand}; {@code CommandsForTest} holds every command to it), and only a
     * class that matches has its annotation read. Reading all of them was a seventh of the main
     * thread's CPU in {@code wvo status}. A run of options alone ({@code --version},
     * {@code --help}) names no command and reads nothing.
     */
    private static List<Class<?>> namedIn(Set<String> words, List<Class<?>> candidates) {
        if (allOptions(words)) {
            return List.of();
        }
        Map<String, String> classNames = new HashMap<>();
        for (String word : words) {
            classNames.put(word, classNameOf(word));
        }
        List<Class<?>> named = new ArrayList<>();
        for (Class<?> candidate : candidates) {
            for (Map.Entry<String, String> word : classNames.entrySet()) {
                if (candidate.getSimpleName().endsWith(word.getValue()) && word.getKey().equals(nameOf(candidate))) {
                    named.add(candidate);
                    break;
                }
            }
        }
        return named;
    }

    /** The name of {@code command}: its annotation's, or its model's when it is built in code. */
    static String nameOf(Class<?> command) {
        return CodeBuiltCommand.isCodeBuilt(command) ? CodeBuiltCommand.of(command).spec().name()
                : command.getAnnotation(Command.class).name();
    }

    /** The end of the name of the class of the command called {@code name}: {@code merge-queue} gives {@code MergeQueueCommand}. */
    static String classNameOf(String name) {
        StringBuilder className = new StringBuilder(name.length() + 7);
        boolean wordStart = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '-') {
                wordStart = true;
            } else {
                className.append(wordStart ? Character.toUpperCase(c) : c);
                wordStart = false;
            }
        }
        return className.append("Command").toString();
    }

    /**
     * Whether every word is an option. A loop, not a stream: on the way of {@code wvo --version}
     * the first lambda of a run would link the JVM's method-handle machinery, a tenth of its
     * main thread's CPU.
     */
    private static boolean allOptions(Set<String> words) {
        for (String word : words) {
            if (!word.startsWith("-")) {
                return false;
            }
        }
        return true;
    }

    /**
     * The configured command line with {@code commands} under {@code wvo}; with {@code workerRequests},
     * {@code worker}'s own commands under {@code worker} (see {@link #needsWorkerRequests}); every
     * command under {@code task}.
     */
    static CommandLine newCommandLine(Map<String, String> environment, List<Class<?>> commands, boolean workerRequests) {
        return newCommandLine(environment, commands, workerRequests, TaskCommand.SUBCOMMANDS);
    }

    /** As {@link #newCommandLine(Map, List, boolean)}, with {@code taskCommands} under {@code task} (see {@link #taskCommandsFor}). */
    private static CommandLine newCommandLine(Map<String, String> environment, List<Class<?>> commands,
                                              boolean workerRequests, List<Class<?>> taskCommands) {
        WvoCommand top = new WvoCommand(environment);
        CommandLine cmd = new CommandLine(top.spec());
        addAll(cmd, commands);
        CommandLine worker = cmd.getSubcommands().get("worker");
        if (worker != null && workerRequests) {
            addAll(worker, WorkerCommand.REQUESTS);
        }
        CommandLine task = cmd.getSubcommands().get("task");
        if (task != null) {
            addAll(task, taskCommands);
        }
        // Arguments of `lock exec COMMAND` are the user's, literally: no @file expansion.
        cmd.setExpandAtFiles(false);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(Main::usageError);
        cmd.setExecutionExceptionHandler(Main::failure);
        cmd.setExecutionStrategy(parseResult -> {
            if (top.colorRefused()) {
                cmd.setColorScheme(CommandLine.Help.defaultColorScheme(Ansi.OFF));
            }
            if (top.verbose()) {
                // read by slf4j-simple when the first logger is made, which is after parsing
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
                System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "debug");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cmd;
    }

    /** Adds {@code commands} under {@code parent}: the model of one built in code, else the class, whose annotations picocli reads. */
    private static void addAll(CommandLine parent, List<Class<?>> commands) {
        for (Class<?> command : commands) {
            parent.addSubcommand(CodeBuiltCommand.isCodeBuilt(command) ? CodeBuiltCommand.of(command).spec() : command);
        }
    }

    /** A wrong command line: one line saying what is wrong, one saying where help is. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("wvo: " + TerminalText.lines(e.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && cmd.getCommand() instanceof LockExecCommand
                && unmatched.getUnmatched().stream().anyMatch(a -> a.startsWith("-"))) {
            err.println("If that option belongs to COMMAND, put -- before COMMAND: wvo lock exec RESOURCE -- COMMAND ...");
        }
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** A failure while running: one line unless --verbose, then the stack trace too. */
    private static int failure(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = ((WvoCommand) cmd.getCommandSpec().root().userObject()).verbose();
        Optional<UserErrors.Explained> explained = UserErrors.explain(e, Clock.systemUTC());
        int code = explained.map(UserErrors.Explained::exitCode).orElse(ExitCodes.FAILURE);
        if (explained.isPresent()) {
            err.println("wvo: " + TerminalText.lines(explained.get().message()));
        } else {
            err.println("wvo: unexpected error: " + TerminalText.lines(e.toString()) + (verbose ? "" : " (run with --verbose for the stack trace)"));
        }
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return code;
    }
}
