package dev.wvo.plugins.agentcodex;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognizes Codex's usage-limit, rate-limit and capacity messages, and the retry time they
 * carry in each of the wordings Codex has used: an absolute local time ({@code try again at May
 * 20th, 2026 4:03 PM.}, {@code Try again at 4:03 PM.}) or a relative one ({@code try again in 3
 * hours 32 minutes.}, {@code Please try again in 11.054s}).
 */
final class CodexLimitMessages {

    private static final Pattern LIMIT = Pattern.compile(
            "hit your usage limit|last status: 429|Rate limit reached|Quota exceeded|at capacity"
                    + "|experiencing high demand|usage_limit_reached|rate_limit_exceeded",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_DATE = Pattern.compile(
            "try again at ([A-Z][a-z]+) (\\d{1,2})(?:st|nd|rd|th)?, (\\d{4}) (\\d{1,2}):(\\d{2}) ?([AP]M)", Pattern.CASE_INSENSITIVE);
    private static final Pattern AT_TIME = Pattern.compile("try again at (\\d{1,2}):(\\d{2}) ?([AP]M)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_UNITS = Pattern.compile(
            "try again in ((?:\\d+ (?:days?|hours?|minutes?) ?)+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern IN_SECONDS = Pattern.compile("try again in (\\d+(?:\\.\\d+)?)(ms|s)\\b", Pattern.CASE_INSENSITIVE);
    /** Codex names the month short ({@code Dec 6th, 2026}, seen when the reset is on another day); "May" reads either way. */
    private static final DateTimeFormatter MONTH_DAY_YEAR = DateTimeFormatter.ofPattern("[MMMM][MMM] d yyyy", Locale.ENGLISH);
    private static final Pattern UNIT = Pattern.compile("(\\d+) (day|hour|minute)", Pattern.CASE_INSENSITIVE);

    private CodexLimitMessages() {
    }

    static boolean isLimit(String text) {
        return text != null && LIMIT.matcher(text).find();
    }

    static Optional<Instant> retryTime(String text, Instant now, ZoneId zone) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = AT_DATE.matcher(text);
        if (m.find()) {
            LocalDate date = LocalDate.parse(m.group(1) + " " + m.group(2) + " " + m.group(3), MONTH_DAY_YEAR);
            return Optional.of(ZonedDateTime.of(LocalDateTime.of(date, time(m.group(4), m.group(5), m.group(6))), zone).toInstant());
        }
        m = AT_TIME.matcher(text);
        if (m.find()) {
            ZonedDateTime current = now.atZone(zone);
            ZonedDateTime at = ZonedDateTime.of(current.toLocalDate(), time(m.group(1), m.group(2), m.group(3)), zone);
            return Optional.of((at.isBefore(current) ? at.plusDays(1) : at).toInstant());
        }
        m = IN_SECONDS.matcher(text);
        if (m.find()) {
            double amount = Double.parseDouble(m.group(1));
            long millis = (long) Math.ceil("ms".equalsIgnoreCase(m.group(2)) ? amount : amount * 1000);
            return Optional.of(now.plusMillis(millis));
        }
        m = IN_UNITS.matcher(text);
        if (m.find()) {
            Duration wait = Duration.ZERO;
            Matcher unit = UNIT.matcher(m.group(1));
            while (unit.find()) {
                long n = Long.parseLong(unit.group(1));
                wait = wait.plus(switch (unit.group(2).toLowerCase(Locale.ROOT)) {
                    case "day" -> Duration.ofDays(n);
                    case "hour" -> Duration.ofHours(n);
                    default -> Duration.ofMinutes(n);
                });
            }
            return Optional.of(now.plus(wait));
        }
        return Optional.empty();
    }

    private static LocalTime time(String hour, String minute, String ampm) {
        int h = Integer.parseInt(hour) % 12 + ("PM".equalsIgnoreCase(ampm) ? 12 : 0);
        return LocalTime.of(h, Integer.parseInt(minute));
    }
}
