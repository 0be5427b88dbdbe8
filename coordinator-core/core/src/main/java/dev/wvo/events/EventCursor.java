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

    private EventCursor(Path file, EventFilter filter) {
        this.file = file;
        this.scanner = new LineScanner(file);
        this.filter = filter;
    }

    /**
     * A cursor at the end of the log of {@code stateDir} as it is now: only events appended later are read.
     *
     * @throws UncheckedIOException naming the file if it exists but cannot be read
     */
    public static EventCursor atEnd(Path stateDir, EventFilter filter) {
        EventCursor cursor = new EventCursor(new StateDir(stateDir).events(), filter);
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
        List<Event> events = new ArrayList<>();
        try {
            scanner.scan(LineScanner.decoding(file, filter, events::add, line -> { }));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the event log " + file + ": " + e.getMessage(), e);
        }
        return events;
    }
}
