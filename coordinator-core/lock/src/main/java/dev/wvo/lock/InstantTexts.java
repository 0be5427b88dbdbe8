package dev.wvo.lock;

import java.time.Instant;

/**
 * The instants of the lock records read and written lately, with their texts. A waiting process
 * reads the same record again and again (the holder's and the waiters' times change only when an
 * entry is written), and {@link Instant#parse} was about a fifth of the CPU of that read; a
 * record written again keeps the times of its other entries, each formatted anew. An instant
 * seen before is looked up instead, the text or the instant compared whole, so a hit is exactly
 * what a parse or {@link Instant#toString()} would give: the record's bytes do not change.
 *
 * <p>Note on concurrency: the slots are written without a lock. Each holds one immutable entry,
 * safely published by its final fields, so a reader sees either an entry whole or the one it
 * replaced; a lost store costs a parse, never a wrong instant.
 */
final class InstantTexts {

    /** Enough for the times of a few records of several holders and waiters each. */
    private static final int SLOTS = 64;

    private final Entry[] byText = new Entry[SLOTS];
    private final Entry[] byInstant = new Entry[SLOTS];

    private record Entry(String text, Instant instant) {
    }

    /**
     * The instant an ISO-8601 text names, as {@link Instant#parse} reads it.
     *
     * @throws java.time.format.DateTimeParseException if it names none
     */
    Instant parse(String text) {
        int slot = text.hashCode() & (SLOTS - 1);
        Entry known = byText[slot];
        if (known != null && known.text().equals(text)) {
            return known.instant();
        }
        Instant instant = Instant.parse(text);
        // by its text only: the text read may be another spelling of the instant than toString's
        // (fewer digits of the fraction), which a record written must not take over
        byText[slot] = new Entry(text, instant);
        return instant;
    }

    /** The ISO-8601 text of an instant, as {@link Instant#toString()} writes it. */
    String text(Instant instant) {
        int slot = instant.hashCode() & (SLOTS - 1);
        Entry known = byInstant[slot];
        if (known != null && known.instant().equals(instant)) {
            return known.text();
        }
        String text = instant.toString();
        Entry made = new Entry(text, instant);
        byInstant[slot] = made;
        // and by its text: a process reads back the records it wrote (a holder confirms its lock by its record)
        byText[text.hashCode() & (SLOTS - 1)] = made;
        return text;
    }
}
