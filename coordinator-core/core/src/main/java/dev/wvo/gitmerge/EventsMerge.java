package dev.wvo.gitmerge;

import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges two versions of the append-only event log: every line of both sides once (identical
 * lines are one event), ordered by the events' time; where times are equal, ours come first, in
 * their order. Lines that are not events are kept after the events, in the order met. The base
 * is not needed: the log only grows, so a line on either side belongs in the result.
 */
public final class EventsMerge {

    private EventsMerge() {
    }

    public static EventsMergeResult merge(String ours, String theirs) {
        Set<String> lines = new LinkedHashSet<>();
        lines.addAll(ours.lines().toList());
        lines.addAll(theirs.lines().toList());
        record Timed(Instant time, String line) {
        }
        List<Timed> events = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                Event event = EventCodec.decode(line);
                events.add(new Timed(event.time(), line));
            } catch (IllegalArgumentException e) {
                unreadable.add(line);
            }
        }
        events.sort(Comparator.comparing(Timed::time)); // stable: equal times keep their order
        StringBuilder text = new StringBuilder();
        events.forEach(e -> text.append(e.line()).append('\n'));
        unreadable.forEach(line -> text.append(line).append('\n'));
        return new EventsMergeResult(text.toString(), unreadable);
    }
}
