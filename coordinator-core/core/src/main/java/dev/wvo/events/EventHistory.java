package dev.wvo.events;

import java.util.List;

/**
 * What reading the whole event log found.
 *
 * @param events     the events, in the order they were appended
 * @param unreadable the lines that were skipped, in file order
 */
public record EventHistory(List<Event> events, List<UnreadableLine> unreadable) {

    public EventHistory {
        events = List.copyOf(events);
        unreadable = List.copyOf(unreadable);
    }
}
