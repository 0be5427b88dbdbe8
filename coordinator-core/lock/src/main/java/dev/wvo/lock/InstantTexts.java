package dev.wvo.lock;

import java.time.Instant;

/**
 * The instants of the lock records read lately, by their text. A waiting process reads the same
 * record again and again (the holder's and the waiters' times change only when an entry is
 * written), and {@link Instant#parse} was about a fifth of the CPU of that read: an instant
 * seen before is looked up by its text instead, and the text is compared whole, so a hit is
 * exactly what a parse would give.
 *
 * <p>Note on concurrency: the slots are written without a lock. Each holds one immutable entry,
 * safely published by its final fields, so a reader sees either an entry whole or the one it
 * replaced; a lost store costs a parse, never a wrong instant.
 */
final class InstantTexts {

    /** Enough for the times of a few records of several holders and waiters each. */
    private static final int SLOTS = 64;

    private final Entry[] slots = new Entry[SLOTS];

    private record Entry(String text, Instant instant) {
    }

    /**
     * The instant an ISO-8601 text names, as {@link Instant#parse} reads it.
     *
     * @throws java.time.format.DateTimeParseException if it names none
     */
    Instant parse(String text) {
        int slot = text.hashCode() & (SLOTS - 1);
        Entry known = slots[slot];
        if (known != null && known.text().equals(text)) {
            return known.instant();
        }
        Instant instant = Instant.parse(text);
        slots[slot] = new Entry(text, instant);
        return instant;
    }
}
