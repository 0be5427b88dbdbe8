package dev.wvo.cli.shell;

import org.jline.keymap.KeyMap;
import org.jline.reader.Binding;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.LineReaderImpl;
import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp.Capability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One run of {@code wvo shell}. On a terminal it keeps a dashboard at the top of the screen,
 * redrawn every second, the answer to the last command under it, and the command line at the
 * bottom. Without a terminal (input from a pipe) it reads commands line by line and prints only
 * the answers, plain, for scripts and tests.
 */
public final class ShellSession {

    /** The prompt of the interactive shell. */
    public static final String PROMPT = "wvo> ";
    /** How often the dashboard is redrawn. */
    static final long REFRESH_MILLIS = 1000;
    private static final String REFRESH_WIDGET = "wvo-refresh";
    private static final int DASHBOARD_EVENTS = 5;
    private static final String MORE_WIDGET = "wvo-more-workers";
    private static final String FEWER_WIDGET = "wvo-fewer-workers";

    private final ShellCommands commands;
    private final Path historyFile;
    private final Object screenLock = new Object();
    private List<String> lastAnswer = List.of();
    private long tick;

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
     * The interactive shell on a real terminal, until {@code quit} or Ctrl-D.
     *
     * @return the exit status: 0
     */
    public int runInteractive(Terminal terminal) {
        LineReaderImpl reader = (LineReaderImpl) LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("wvo")
                .completer(commands.completer())
                .variable(LineReader.HISTORY_FILE, historyFile)
                .build();
        reader.getWidgets().put(REFRESH_WIDGET, () -> {
            drawScreen(terminal);
            reader.redrawLine();
            reader.redisplay();
            return true;
        });
        bindWorkerKeys(reader, terminal);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wvo-shell-refresh");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(() -> refresh(reader), REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
        try {
            while (true) {
                drawScreen(terminal);
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
                List<String> answer = new ArrayList<>();
                if (!line.isBlank()) {
                    answer.add(PROMPT + line.strip());
                    answer.addAll(commands.run(line));
                }
                synchronized (screenLock) {
                    lastAnswer = answer;
                }
            }
        } finally {
            ticker.shutdownNow();
            saveHistory(reader);
        }
        return 0;
    }

    /**
     * {@code +} and {@code -} on an empty command line start one more worker and stop one; in
     * the middle of a line they are typed as usual, so that {@code spawn --agent} still works.
     */
    private void bindWorkerKeys(LineReaderImpl reader, Terminal terminal) {
        reader.getWidgets().put(MORE_WIDGET, () -> workerKey(reader, terminal, commands::spawnAnother));
        reader.getWidgets().put(FEWER_WIDGET, () -> workerKey(reader, terminal, commands::stopOne));
        KeyMap<Binding> main = reader.getKeyMaps().get(LineReader.MAIN);
        main.bind(new Reference(MORE_WIDGET), "+");
        main.bind(new Reference(FEWER_WIDGET), "-");
    }

    private boolean workerKey(LineReaderImpl reader, Terminal terminal, Supplier<List<String>> action) {
        if (reader.getBuffer().length() > 0) {
            reader.getBuffer().write(reader.getLastBinding());
            return true;
        }
        List<String> answer = action.get();
        synchronized (screenLock) {
            lastAnswer = answer;
        }
        drawScreen(terminal);
        reader.redrawLine();
        reader.redisplay();
        return true;
    }

    /** Redraws while the user types; a failed read of the state is shown, not thrown from the ticker. */
    private static void refresh(LineReader reader) {
        if (reader.isReading()) {
            try {
                reader.callWidget(REFRESH_WIDGET);
            } catch (IllegalStateException e) {
                // readLine ended between the check and the call: the loop draws the screen itself
            }
        }
    }

    private void drawScreen(Terminal terminal) {
        synchronized (screenLock) {
            int width = Math.max(20, terminal.getWidth());
            int height = Math.max(10, terminal.getHeight());
            List<String> screen = new ArrayList<>();
            try {
                screen.addAll(Dashboard.render(commands.snapshot(), tick++, width, DASHBOARD_EVENTS));
            } catch (RuntimeException e) {
                screen.add("wvo shell - cannot read the state: " + e.getMessage());
            }
            screen.add("");
            int room = height - screen.size() - 1;
            if (lastAnswer.size() > room && room > 1) {
                screen.addAll(lastAnswer.subList(0, room - 1));
                screen.add("... " + (lastAnswer.size() - room + 1) + " more lines (make the window taller)");
            } else if (room > 0) {
                screen.addAll(lastAnswer);
            }
            terminal.puts(Capability.clear_screen);
            PrintWriter w = terminal.writer();
            screen.forEach(l -> w.print((l.length() > width ? l.substring(0, width - 1) : l) + "\r\n"));
            w.flush();
        }
    }

    private static void saveHistory(LineReader reader) {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            reader.getTerminal().writer().println("wvo shell: cannot save the history: " + e.getMessage());
        }
    }
}
