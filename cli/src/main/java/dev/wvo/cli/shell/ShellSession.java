package dev.wvo.cli.shell;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The line modes of {@code wvo shell}, where the full-screen view ({@link FullScreen}) cannot
 * run: input from a pipe (commands line by line, only the answers printed, for scripts and
 * tests) and a dumb terminal (the same, with a prompt, history and completion).
 */
public final class ShellSession {

    /** The prompt of the interactive shell. */
    public static final String PROMPT = "wvo> ";
    private static final int DASHBOARD_EVENTS = 5;

    private final ShellCommands commands;
    private final Path historyFile;

    /**
     * @param commands    the commands, bound to a state directory
     * @param historyFile where the interactive shell keeps its history ({@code state/.shell-history})
     */
    public ShellSession(ShellCommands commands, Path historyFile) {
        this.commands = commands;
        this.historyFile = historyFile;
    }

    /**
     * Reads commands line by line until {@code quit} or the end of input, printing each answer.
     *
     * @return the exit status: 0
     */
    public int runPlain(BufferedReader in, PrintWriter out) {
        try {
            for (String line = in.readLine(); line != null && !ShellCommands.isQuit(line); line = in.readLine()) {
                commands.run(line).forEach(out::println);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shell's input", e);
        }
        return 0;
    }

    /**
     * The line mode on a terminal that cannot address the cursor (a dumb one, as in an editor's
     * shell buffer): the dashboard once, as text, then a prompt; each answer printed under its
     * line, as a pipe gets it. {@code status} shows the state again.
     *
     * @return the exit status: 0
     */
    public int runLines(Terminal terminal) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("wvo")
                .completer(commands.completer())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .build();
        PrintWriter out = terminal.writer();
        try {
            Dashboard.render(commands.snapshot(), 0, Math.max(40, terminal.getWidth()), DASHBOARD_EVENTS)
                    .forEach(out::println);
        } catch (RuntimeException e) {
            out.println("wvo shell - cannot read the state: " + e.getMessage());
        }
        out.flush();
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (ShellCommands.isQuit(line)) {
                    break;
                }
                commands.run(line).forEach(out::println);
                out.flush();
            }
        } finally {
            saveHistory(reader);
        }
        return 0;
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            reader.getTerminal().writer().println("wvo shell: cannot save the history: " + e.getMessage());
        }
    }
}
