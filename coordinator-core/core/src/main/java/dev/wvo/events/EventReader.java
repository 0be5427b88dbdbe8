package dev.wvo.events;

import dev.wvo.fs.StateDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The reading side of {@code state/events.jsonl}: the whole history ({@code wvo events}) and a
 * tail of new events ({@code wvo events --follow}). Lines that are not events are skipped and
 * reported with their line number, never fatal: a writer killed mid-line must not make the log
 * unreadable.
 */
public final class EventReader {

    /** How often a follower looks at the file when the file system sends no change notices. */
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

    private final Path file;
    private final Duration pollInterval;

    /** A reader of {@code file}, polling at {@link #DEFAULT_POLL_INTERVAL} when following. */
    public EventReader(Path file) {
        this(file, DEFAULT_POLL_INTERVAL);
    }

    /** A reader of {@code file} whose followers look at the file at least every {@code pollInterval}. */
    public EventReader(Path file, Duration pollInterval) {
        this.file = Objects.requireNonNull(file, "file");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("pollInterval must be positive, was " + pollInterval);
        }
    }

    /** The reader of the state directory {@code stateDir}'s log. */
    public static EventReader in(Path stateDir) {
        return new EventReader(new StateDir(stateDir).events());
    }

    /** The log's file. */
    public Path file() {
        return file;
    }

    /** Every event in the log, and the lines skipped. A missing log reads as empty. */
    public EventHistory readAll() {
        return read(EventFilter.ALL);
    }

    /**
     * The events passing {@code filter}, and every line skipped (whatever the filter). A last line
     * without its line end is reported as unreadable: its writer died mid-line or is still writing.
     *
     * @throws UncheckedIOException naming the file if it exists but cannot be read
     */
    public EventHistory read(EventFilter filter) {
        Objects.requireNonNull(filter, "filter");
        List<Event> events = new ArrayList<>();
        List<UnreadableLine> unreadable = new ArrayList<>();
        LineScanner scanner = new LineScanner(file);
        try {
            scanner.scan(LineScanner.decoding(file, filter, events::add, unreadable::add));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the event log " + file + ": " + e.getMessage(), e);
        }
        if (scanner.pendingBytes() > 0) {
            unreadable.add(new UnreadableLine(file, scanner.linesRead() + 1,
                    "no line end (" + scanner.pendingBytes() + " bytes): a writer is still appending or died mid-line",
                    ""));
        }
        return new EventHistory(events, unreadable);
    }

    /**
     * Starts tailing the log on a daemon thread: hands each complete event line that passes
     * {@code filter} to {@code onEvent}, in file order, promptly after it is appended, until the
     * returned follower is closed. The file need not exist yet.
     *
     * @param fromStart    true to hand over the events already in the log first; false for only
     *                     events appended after this call
     * @param onEvent      receives events, always on the follower's thread
     * @param onUnreadable receives skipped lines, on the same thread
     * @return the running follower; close it to stop
     */
    public EventFollower follow(EventFilter filter, boolean fromStart, Consumer<Event> onEvent,
                                Consumer<UnreadableLine> onUnreadable) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(onEvent, "onEvent");
        Objects.requireNonNull(onUnreadable, "onUnreadable");
        LineScanner scanner = new LineScanner(file);
        if (!fromStart) {
            try {
                scanner.skipToEnd();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the event log " + file + ": " + e.getMessage(), e);
            }
        }
        return EventFollower.start(file, scanner, pollInterval,
                LineScanner.decoding(file, filter, onEvent, onUnreadable));
    }

    /** {@link #follow(EventFilter, boolean, Consumer, Consumer)} of every new event, ignoring unreadable lines. */
    public EventFollower follow(Consumer<Event> onEvent) {
        return follow(EventFilter.ALL, false, onEvent, line -> {
        });
    }
}
