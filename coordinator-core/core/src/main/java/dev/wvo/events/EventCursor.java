package dev.wvo.events;

import dev.wvo.fs.StateDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A place in the event log that moves on as it reads: each {@link #next} hands over the events
 * appended since the one before, reading only the new bytes. For a process that looks at the
 * log now and then at points of its own choosing (a worker between tasks), where a follower's
 * thread would be one more thing to wake.
 */
public final class EventCursor {

    private final Path file;
    private final LineScanner scanner;
    private final EventFilter filter;
    /** True until the first read of a cursor made at the start: that read hands over the whole log. */
    private boolean atStart;
    /** True for a cursor made at the start: it tallies the whole log, and a replaced log whole again. */
    private final boolean wholeLog;

    private EventCursor(Path file, EventFilter filter, boolean atStart) {
        this.file = file;
        this.scanner = new LineScanner(file);
        this.filter = filter;
        this.atStart = atStart;
        this.wholeLog = atStart;
    }

    /**
     * What one {@link #read} found.
     *
     * @param fromStart true if {@code events} are the whole log as it is now, not only what was
     *                  appended: the first read of a cursor made at the start, or the log was
     *                  truncated, replaced or removed since the last read (then what was read
     *                  before is gone). A cursor made at the end hands over nothing of a log that
     *                  another file replaced, only what is appended to it later
     * @param events    the events that pass the filter, in file order
     */
    public record Batch(boolean fromStart, List<Event> events) {
        public Batch {
            events = List.copyOf(events);
        }
    }

    /**
     * A cursor at the start of the log of {@code stateDir}: its first read hands over every event
     * in it, and each later read what was appended since. The log need not exist yet.
     */
    public static EventCursor atStart(Path stateDir, EventFilter filter) {
        return new EventCursor(new StateDir(stateDir).events(), filter, true);
    }

    /**
     * A cursor at the end of the log of {@code stateDir} as it is now: only events appended later are read.
     *
     * @throws UncheckedIOException naming the file if it exists but cannot be read
     */
    public static EventCursor atEnd(Path stateDir, EventFilter filter) {
        EventCursor cursor = new EventCursor(new StateDir(stateDir).events(), filter, false);
        try {
            cursor.scanner.skipToEnd();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the event log " + cursor.file + ": " + e.getMessage(), e);
        }
        return cursor;
    }

    /**
     * The events appended since the last call that pass the filter, in file order; unreadable
     * lines are skipped (the event commands report them).
     *
     * @throws UncheckedIOException naming the file if it cannot be read
     */
    public List<Event> next() {
        return read().events();
    }

    /**
     * The events appended since the last read, reading only the new bytes; or the whole log when
     * it is read from the start ({@link Batch#fromStart}). A last line without its line end waits
     * for the next read; unreadable lines are skipped.
     *
     * @throws UncheckedIOException naming the file if it exists but cannot be read
     */
    public Batch read() {
        Lines read = readLines();
        List<Event> events = new ArrayList<>();
        for (String line : read.lines()) {
            Event event;
            try {
                event = EventCodec.decode(line);
            } catch (IllegalArgumentException unreadable) {
                continue;
            }
            if (filter.test(event)) {
                events.add(event);
            }
        }
        return new Batch(read.fromStart(), events);
    }

    /**
     * What one {@link #readLines} found.
     *
     * @param fromStart as {@link Batch#fromStart}
     * @param lines     the text of each line, in file order, not decoded: blank lines and lines too
     *                  long to be an event left out; a line that is no event fails {@link EventCodec#decode}
     */
    public record Lines(boolean fromStart, List<String> lines) {
        public Lines {
            lines = List.copyOf(lines);
        }
    }

    /**
     * As {@link #read}, handing over the lines instead of their events (the filter is not applied):
     * for a reader that decodes only the lines it needs. Decoding is most of what reading a log
     * costs, and {@code wvo status} needs a few kinds of event of the whole log and the last ones.
     *
     * @throws UncheckedIOException naming the file if it exists but cannot be read
     */
    public Lines readLines() {
        List<String> lines = new ArrayList<>();
        try {
            scanner.scan((number, text) -> {
                if (!text.isBlank()) {
                    lines.add(text);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the event log " + file + ": " + e.getMessage(), e);
        }
        boolean fromStart = atStart || scanner.startedOver();
        if (!wholeLog && scanner.replaced()) {
            // another file under the name: its events were not appended since this cursor looked,
            // they are another history (a log restored from git); only what is appended to it counts
            return new Lines(false, List.of());
        }
        atStart = false;
        return new Lines(fromStart, lines);
    }
}
