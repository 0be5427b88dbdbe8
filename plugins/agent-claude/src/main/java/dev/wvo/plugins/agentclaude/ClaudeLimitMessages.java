package dev.wvo.plugins.agentclaude;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes Claude Code's usage-limit and rate-limit messages, in every wording it has used,
 * and reads the reset time out of them when they give one.
 */
final class ClaudeLimitMessages {

    private static final Pattern LIMIT = Pattern.compile(
            "usage limit reached|limit reached \\u2219|You've hit your .*limit|rate.?limit|Request rejected \\(429\\)"
                    + "|temporarily limiting requests|Repeated 529|overloaded_error|Overloaded|spend limit"
                    + "|Credit balance is too low|Usage credits required",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EPOCH = Pattern.compile("usage limit reached\\|(\\d{9,11})", Pattern.CASE_INSENSITIVE);
    private static final Pattern RESETS = Pattern.compile(
            "resets\\s+(?:(?<month>[A-Z][a-z]{2})\\s+(?<day>\\d{1,2})\\s+at\\s+|(?<dow>Mon|Tue|Wed|Thu|Fri|Sat|Sun)\\s+)?"
                    + "(?<hour>\\d{1,2})(?::(?<minute>\\d{2}))?\\s*(?<ampm>am|pm)(?:\\s*\\((?<zone>[^)]+)\\))?",
            Pattern.CASE_INSENSITIVE);

    private ClaudeLimitMessages() {
    }

    static boolean isLimit(String text) {
        return text != null && LIMIT.matcher(text).find();
    }

    /** When the limit resets, if the message says: an epoch, or a local time like {@code resets 6pm (America/Toronto)}. */
    static Optional<Instant> resetTime(String text, Instant now, ZoneId localZone) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher epoch = EPOCH.matcher(text);
        if (epoch.find()) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(epoch.group(1))));
        }
        Matcher m = RESETS.matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        ZoneId zone = localZone;
        if (m.group("zone") != null) {
            try {
                zone = ZoneId.of(m.group("zone").strip());
            } catch (RuntimeException e) {
                zone = localZone; // a zone name we do not know: read the time as local
            }
        }
        int hour = Integer.parseInt(m.group("hour")) % 12 + ("pm".equalsIgnoreCase(m.group("ampm")) ? 12 : 0);
        int minute = m.group("minute") == null ? 0 : Integer.parseInt(m.group("minute"));
        ZonedDateTime current = now.atZone(zone);
        LocalTime time = LocalTime.of(hour, minute);
        ZonedDateTime reset;
        if (m.group("month") != null) {
            Month month = Month.from(java.time.format.DateTimeFormatter.ofPattern("MMM", Locale.ENGLISH).parse(m.group("month")));
            LocalDate date = LocalDate.of(current.getYear(), month, Integer.parseInt(m.group("day")));
            reset = ZonedDateTime.of(date, time, zone);
            if (reset.isBefore(current)) {
                reset = reset.plusYears(1);
            }
        } else if (m.group("dow") != null) {
            DayOfWeek day = DayOfWeek.from(java.time.format.DateTimeFormatter.ofPattern("EEE", Locale.ENGLISH).parse(m.group("dow")));
            reset = ZonedDateTime.of(current.toLocalDate().with(TemporalAdjusters.nextOrSame(day)), time, zone);
            if (reset.isBefore(current)) {
                reset = reset.plusWeeks(1);
            }
        } else {
            reset = ZonedDateTime.of(current.toLocalDate(), time, zone);
            if (reset.isBefore(current)) {
                reset = reset.plusDays(1);
            }
        }
        return Optional.of(reset.toInstant());
    }
}
