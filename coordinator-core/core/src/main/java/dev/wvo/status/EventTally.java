package dev.wvo.status;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.events.EventCursor;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventType;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What a snapshot takes from the event log (the conflicts, the agent runs of the cost ledger, the
 * last events), kept by reading only what was appended since the last read. A live view reads
 * the state every second while workers append to a log of many thousand lines: parsing the whole
 * log each time was most of what a read cost. A log that was truncated or replaced is tallied
 * again from its first line.
 */
final class EventTally {

    private final EventCursor cursor;
    private final List<Event> conflicts = new ArrayList<>();
    private final List<UsageRecord> runs = new ArrayList<>();
    private final ArrayDeque<Event> recent = new ArrayDeque<>();

    EventTally(Path stateDir) {
        this.cursor = EventCursor.atStart(stateDir, EventFilter.ALL);
    }

    /**
     * Reads what the log gained since the last call.
     *
     * @throws java.io.UncheckedIOException naming the file if it exists but cannot be read
     */
    void catchUp() {
        EventCursor.Lines batch = cursor.readLines();
        if (batch.fromStart()) {
            conflicts.clear();
            runs.clear();
            recent.clear();
        }
        List<String> lines = batch.lines();
        Event[] decoded = new Event[lines.size()];
        List<Event> usage = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            // decoding a line is most of what a read costs (Jackson's tree of it): only the lines that
            // can be a conflict or an agent run are decoded here; the last ones are, below
            if (mayBeTallied(lines.get(i))) {
                decoded[i] = decode(lines.get(i));
                if (decoded[i] != null && decoded[i].is(EventType.CONFLICT)) {
                    conflicts.add(decoded[i]);
                } else if (decoded[i] != null && decoded[i].is(EventType.USAGE)) {
                    usage.add(decoded[i]);
                }
            }
        }
        runs.addAll(CostLedger.of(usage));
        ArrayDeque<Event> last = new ArrayDeque<>();
        for (int i = lines.size() - 1; i >= 0 && last.size() < StatusSnapshot.RECENT_EVENTS; i--) {
            Event e = decoded[i] != null || mayBeTallied(lines.get(i)) ? decoded[i] : decode(lines.get(i));
            if (e != null) {
                last.addFirst(e);
            }
        }
        for (Event e : last) {
            recent.addLast(e);
            if (recent.size() > StatusSnapshot.RECENT_EVENTS) {
                recent.removeFirst();
            }
        }
    }

    /**
     * False only for a line that cannot be a {@code conflict} or {@code usage} event: one without
     * either word and without an escape (a type spelt with JSON's Unicode escapes is still that type).
     */
    private static boolean mayBeTallied(String line) {
        return line.contains(EventType.CONFLICT.id()) || line.contains(EventType.USAGE.id()) || line.indexOf('\\') >= 0;
    }

    /** The line's event, or null when the line is none (skipped, as every reader of the log skips it). */
    private static Event decode(String line) {
        try {
            return EventCodec.decode(line);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The {@code conflict} events of the whole log, oldest first. */
    List<Event> conflicts() {
        return List.copyOf(conflicts);
    }

    /** The agent runs of the whole log, oldest first. */
    List<UsageRecord> runs() {
        return List.copyOf(runs);
    }

    /** The last {@link StatusSnapshot#RECENT_EVENTS} events, oldest first. */
    List<Event> recent() {
        return List.copyOf(recent);
    }
}
