package dev.wvo.cli.shell;

import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerControl;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.SyntaxError;
import org.jline.reader.impl.DefaultParser;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliJLineCompleter;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The commands of {@code wvo shell}: each line is a {@code wvo} command line, parsed with shell
 * quoting and run by the very picocli commands {@code wvo} runs, with the shell's global options
 * ({@code --state} and the others) in front; its output is the answer. So a command, its options,
 * its help and its completion are the same typed in the shell or on the command line. On top the
 * shell has {@code spawn} (a worker in the background), {@code help} and {@code quit}.
 *
 * <p>Commands that take the terminal over or run until stopped ({@code worker} itself, {@code
 * shell}, {@code events --follow}, {@code status --watch}, {@code lock exec}, {@code demo}) are
 * refused with what to do instead: the shell has one screen, and {@code spawn} runs workers.
 */
public final class ShellCommands {

    /** The words that end the shell. */
    public static final List<String> QUIT = List.of("quit", "exit");
    /** The commands refused as the shell's own: why, and what to use. */
    private static final Map<String, String> FOREGROUND = Map.of(
            "worker", "runs a worker in this terminal; spawn starts one in the background",
            "shell", "is where you are",
            "serve", "runs until Ctrl-C; run it in another terminal",
            "demo", "runs its workers in this terminal; run it outside the shell",
            "merge-driver", "is for git to run");
    private static final Set<String> WORKER_REQUESTS = Set.of("stop", "pause", "resume", "list");

    private final Supplier<CommandLine> commandLine;
    private final List<String> globalArguments;
    private final Supplier<StatusSnapshot> snapshot;
    private final WorkerControl control;
    private final Parser parser = new DefaultParser();

    /**
     * @param commandLine     a fresh {@code wvo} command line, {@code spawn} among its commands
     * @param globalArguments the global options every line runs with ({@code --state DIR}, ...)
     * @param snapshot        a fresh read of the state, for the dashboard and completion
     * @param control         the workers' request files, for the {@code -} key
     */
    public ShellCommands(Supplier<CommandLine> commandLine, List<String> globalArguments,
                         Supplier<StatusSnapshot> snapshot, WorkerControl control) {
        this.commandLine = commandLine;
        this.globalArguments = List.copyOf(globalArguments);
        this.snapshot = snapshot;
        this.control = control;
    }

    /** A fresh read of the state directory. */
    public StatusSnapshot snapshot() {
        return snapshot.get();
    }

    /** True if the line asks to leave the shell. */
    public static boolean isQuit(String line) {
        return QUIT.contains(line.strip());
    }

    /**
     * Runs one line and answers what it printed, standard output then standard error. An empty
     * line answers nothing; a line that is not a command answers one line starting with
     * {@code error:}; nothing throws.
     */
    public List<String> run(String line) {
        List<String> words;
        try {
            words = parser.parse(line, line.length(), Parser.ParseContext.ACCEPT_LINE).words().stream()
                    .filter(w -> !w.isEmpty()).toList();
        } catch (SyntaxError e) { // an EOFError too: a quote left open
            return List.of("error: " + e.getMessage() + "; close the quote and type the line again");
        }
        return run(words);
    }

    /**
     * Runs one command given as its words, as {@link #run(String)} runs a line: for the keys and
     * buttons of the views, whose ids are words already and must never be split or read as options.
     */
    public List<String> run(List<String> words) {
        if (words.isEmpty()) {
            return List.of();
        }
        if (words.get(0).equals("help")) {
            return help(words.subList(1, words.size()));
        }
        CommandLine cmd = commandLine.get();
        String name = words.get(0);
        if (!cmd.getSubcommands().containsKey(name)) {
            return List.of("error: unknown command '" + name + "'; type help for the list");
        }
        String refused = refusal(words);
        if (refused != null) {
            return List.of("error: " + String.join(" ", words) + " " + refused);
        }
        return execute(cmd, words);
    }

    private static String refusal(List<String> words) {
        String name = words.get(0);
        if (name.equals("worker") && words.size() > 1 && WORKER_REQUESTS.contains(words.get(1))) {
            return null;
        }
        if (FOREGROUND.containsKey(name)) {
            return FOREGROUND.get(name);
        }
        if (name.equals("lock") && words.size() > 1 && words.get(1).equals("exec")) {
            return "runs a command in this terminal; run it outside the shell";
        }
        if ((name.equals("events") && (words.contains("--follow") || words.contains("-f")))
                || (name.equals("status") && words.contains("--watch"))) {
            return "runs until Ctrl-C; the dashboard above follows the state already";
        }
        return null;
    }

    private List<String> execute(CommandLine cmd, List<String> words) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(globalArguments);
        args.addAll(words);
        cmd.execute(args.toArray(String[]::new));
        List<String> answer = new ArrayList<>(out.toString().lines().toList());
        answer.addAll(err.toString().lines().toList());
        return answer;
    }

    /** {@code help}: wvo's commands, {@code spawn} among them, and what only the shell has; {@code help CMD}: its help. */
    private List<String> help(List<String> command) {
        List<String> words = new ArrayList<>(command);
        words.add("--help");
        List<String> answer = new ArrayList<>(execute(commandLine.get(), command.isEmpty() ? List.of("--help") : words));
        if (command.isEmpty()) {
            answer.add("");
            answer.add("In the shell: help COMMAND shows its options; quit (or exit, Ctrl-D) leaves; on an empty line "
                    + "+ spawns one more worker like the last, - asks the newest to stop.");
        }
        return answer;
    }

    /** What a worker has been asked to do and not yet done, if anything. */
    public WorkerControl.Request requestFor(String workerId) {
        return control.requestFor(workerId);
    }

    /** What the dashboard's {@code +} does: one more worker, with the last spawn's options. */
    public List<String> spawnAnother() {
        return run("spawn");
    }

    /**
     * What the dashboard's {@code -} does: asks the most recently started live worker that is
     * not already asked to stop to finish its task and exit.
     */
    public List<String> stopOne() {
        return snapshot().workers().stream().filter(StatusSnapshot.WorkerLine::alive)
                .filter(w -> control.requestFor(w.id()) != WorkerControl.Request.STOP)
                .max(Comparator.comparing(w -> w.record().startedAt()))
                .map(w -> {
                    control.request(w.id(), WorkerControl.Request.STOP);
                    return List.of("Asked " + w.id() + " (the most recently started) to stop after its current task.");
                })
                .orElse(List.of("no running worker left to stop"));
    }

    /**
     * Tab completion: commands, subcommands and options as picocli knows them (the same as
     * {@code wvo completion}), and the ids of the state where a command takes one: task ids,
     * worker ids (and {@code all}), lock resources.
     */
    public Completer completer() {
        Completer commands = new PicocliJLineCompleter(commandLine.get().getCommandSpec());
        return (reader, line, candidates) -> {
            commands.complete(reader, line, candidates);
            idsFor(line).forEach(id -> candidates.add(new Candidate(id)));
        };
    }

    /** The ids a command takes at the word being completed, from a fresh snapshot; none elsewhere. */
    List<String> idsFor(ParsedLine line) {
        List<String> words = line.words();
        if (line.wordIndex() != 2 || words.size() < 2) {
            return List.of();
        }
        String command = words.get(0) + " " + words.get(1);
        List<String> ids = new ArrayList<>();
        switch (command) {
            case "task show", "task reset", "task resolve" -> snapshot().tasks().all().forEach(t -> ids.add(t.id()));
            case "worker stop", "worker pause", "worker resume" -> {
                snapshot().workers().forEach(w -> ids.add(w.id()));
                ids.add(WorkerControl.ALL);
            }
            case "lock break" -> snapshot().locks().forEach(l -> ids.add(l.resource()));
            default -> {
            }
        }
        return ids;
    }
}
