package dev.wvo.context;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the timestamp at the start of an update-log entry, in the shapes agents actually write:
 * {@code - 2025-11-19: …}, {@code - 2025-10-19T22:30Z: …}, {@code - [2025-10-22T19:24:11.000Z] …},
 * {@code **2025-10-22: …**}, {@code ### 2025-10-22 …}. A date alone means midnight UTC; a time
 * without a zone means UTC.
 */
final class EntryTimestamp {

    // Markers that may precede the timestamp: a list bullet or number, heading hashes, bold, a bracket.
    private static final Pattern LEADING_TIMESTAMP = Pattern.compile(
            "^(?:[-*+]\\s+|\\d+\\.\\s+|#{1,6}\\s+)?(?:\\*\\*|__)?\\[?"
                    + "(\\d{4}-\\d{2}-\\d{2})"
                    + "(?:[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?)(Z|[+-]\\d{2}:?\\d{2})?)?"
                    // The timestamp must end here: "2025-10-22T20:XX" is not a timestamp.
                    + "(?=$|[\\]\\s:*_),;.-])");

    private EntryTimestamp() {
    }

    /** The instant the line's leading timestamp denotes, if the line starts with one. */
    static Optional<Instant> parse(String line) {
        Matcher m = LEADING_TIMESTAMP.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            LocalDate date = LocalDate.parse(m.group(1));
            if (m.group(2) == null) {
                return Optional.of(date.atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            String time = m.group(2).length() == 5 ? m.group(2) + ":00" : m.group(2);
            LocalDateTime local = LocalDateTime.parse(m.group(1) + "T" + time);
            ZoneOffset zone = m.group(3) == null ? ZoneOffset.UTC : ZoneOffset.of(normalizeZone(m.group(3)));
            return Optional.of(OffsetDateTime.of(local, zone).toInstant());
        } catch (DateTimeException invalidDate) {
            // 2025-13-45 looks like a timestamp but is none; the entry is kept as untimestamped.
            return Optional.empty();
        }
    }

    private static String normalizeZone(String zone) {
        if (zone.equals("Z") || zone.contains(":")) {
            return zone;
        }
        return zone.substring(0, 3) + ":" + zone.substring(3);
    }
}
