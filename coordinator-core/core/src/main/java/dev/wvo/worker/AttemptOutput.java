package dev.wvo.worker;

import dev.wvo.accounts.Secrets;

import dev.wvo.spi.OutputSink;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Where an attempt's output goes: {@code output.log} in the attempt's artifacts and the worker's
 * terminal, each terminal line prefixed with the task id. Values of secret-looking environment
 * variables ({@code *KEY*}, {@code *TOKEN*}, {@code *SECRET*}, {@code *PASSWORD*}) are masked in
 * both before anything is written.
 */
final class AttemptOutput implements OutputSink, AutoCloseable {

    private static final int TAIL = 30;

    private final BufferedWriter log;
    private final Consumer<String> terminal;
    private final String prefix;
    private final List<String> secrets;
    private final Deque<String> tail = new ArrayDeque<>();

    AttemptOutput(Path logFile, Consumer<String> terminal, String taskId, Map<String, String> environment) {
        try {
            Files.createDirectories(logFile.getParent());
            this.log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + logFile + ": " + e.getMessage(), e);
        }
        this.terminal = terminal;
        this.prefix = "[" + taskId + "] ";
        this.secrets = secretsOf(environment);
    }

    static List<String> secretsOf(Map<String, String> environment) {
        return Secrets.of(environment);
    }

    String mask(String line) {
        return Secrets.mask(line, secrets);
    }

    @Override
    public synchronized void line(String line) {
        String safe = mask(line);
        keep(safe);
        terminal.accept(prefix + safe);
    }

    /**
     * A line of the CLI's standard error: kept in the log, marked {@code [stderr]}, and left out
     * of the worker's terminal (codex's "Reading additional input from stdin..." and the like).
     */
    @Override
    public synchronized void errorLine(String line) {
        keep("[stderr] " + mask(line));
    }

    /** Writes a masked line to the log and remembers it in the tail. */
    private void keep(String safe) {
        try {
            log.write(safe);
            log.newLine();
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the attempt's output log: " + e.getMessage(), e);
        }
        tail.addLast(safe);
        if (tail.size() > TAIL) {
            tail.removeFirst();
        }
    }

    /** The last lines written, for the next attempt's prompt and for people. */
    synchronized List<String> tail() {
        return List.copyOf(tail);
    }

    @Override
    public synchronized void close() {
        try {
            log.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the attempt's output log: " + e.getMessage(), e);
        }
    }
}
