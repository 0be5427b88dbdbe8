package dev.wvo.events;

import dev.wvo.fs.StateDir;
import dev.wvo.fs.JsonLines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The writing side of {@code state/events.jsonl}: each {@link #append} adds one whole line, never
 * torn or interleaved with lines of other threads or processes (see {@link JsonLines}).
 */
public final class EventLog {

    private final Path file;

    /** A log written to {@code file}. */
    public EventLog(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The log of the state directory {@code stateDir} ({@code stateDir/events.jsonl}). */
    public static EventLog in(Path stateDir) {
        return new EventLog(new StateDir(stateDir).events());
    }

    /** The log's file. */
    public Path file() {
        return file;
    }

    /**
     * Appends {@code event} as one line.
     *
     * @throws UncheckedIOException naming the file if it cannot be written
     */
    public void append(Event event) {
        Objects.requireNonNull(event, "event");
        try {
            JsonLines.append(file, EventCodec.encode(event));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the event log " + file + ": " + e.getMessage()
                    + " (check that the state directory exists and is writable)", e);
        }
    }
}
