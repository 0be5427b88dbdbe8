package dev.wvo.status;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.events.Event;
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
        EventCursor.Batch batch = cursor.read();
        if (batch.fromStart()) {
            conflicts.clear();
            runs.clear();
            recent.clear();
        }
        for (Event e : batch.events()) {
            if (e.is(EventType.CONFLICT)) {
                conflicts.add(e);
            }
            recent.addLast(e);
            if (recent.size() > StatusSnapshot.RECENT_EVENTS) {
                recent.removeFirst();
            }
        }
        runs.addAll(CostLedger.of(batch.events()));
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
