package dev.wvo.events;

import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code state/events.jsonl}: what happened, when, to which task and attempt, done by
 * which worker, with free-form details.
 *
 * @param time    when it happened
 * @param type    the kind of event, an {@link EventType#id()} or a kind written by a newer wvo
 * @param worker  the worker that did it, or null if none (for example an administrator's break)
 * @param task    the task concerned, or null if none
 * @param attempt the task's attempt number, or null if none
 * @param details further facts: JSON-compatible values only (string, number, boolean, null, list,
 *                map with string keys); key order is kept
 */
public record Event(Instant time, String type, String worker, String task, Integer attempt,
                    Map<String, Object> details) {

    public Event {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("An event's type must not be blank");
        }
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /** An event of a known type, timed by {@code clock}. */
    public static Event of(Clock clock, EventType type, String worker, String task, Integer attempt,
                           Map<String, Object> details) {
        return new Event(clock.instant(), type.id(), worker, task, attempt, details);
    }

    /** The known type of this event, or null if it was written by a newer wvo. */
    public EventType knownType() {
        return EventType.fromId(type).orElse(null);
    }

    /** True if this event is of {@code type}. */
    public boolean is(EventType type) {
        return this.type.equals(type.id());
    }
}
