package dev.wvo.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them, on the command line and in {@code config.yaml} alike:
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, combinations such as
 * {@code 1m30s}, ISO-8601 such as {@code PT30S}, and a bare {@code 0}. Any other bare number is
 * refused rather than guessed, since {@code 5} could mean seconds or minutes.
 */
public final class DurationSyntax {

    /** The accepted forms, for messages. */
    public static final String FORMS = "use 500ms, 30s, 5m, 1h, 2d, 1m30s, ISO-8601 like PT30S, or 0";

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

    private DurationSyntax() {
    }

    /**
     * @throws IllegalArgumentException saying why the text is not a duration (without the accepted forms)
     */
    public static Duration parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("it is empty");
        }
        if (text.charAt(0) == 'P' || text.charAt(0) == 'p') {
            return parseIso(text);
        }
        if (BARE_NUMBER.matcher(text).matches()) {
            if (text.chars().allMatch(c -> c == '0')) {
                return Duration.ZERO;
            }
            throw new IllegalArgumentException("it has no unit; write for example " + text + "s or " + text + "ms");
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.lookingAt()) {
            total = total.plus(part(m.group(1), m.group(2)));
            end = m.end();
            m.region(end, text.length());
        }
        if (end != text.length()) {
            throw new IllegalArgumentException("cannot read '" + text.substring(end) + "'");
        }
        return total;
    }

    private static Duration parseIso(String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative()) {
                throw new IllegalArgumentException("it is negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("it is not an ISO-8601 duration");
        }
    }

    private static Duration part(String amount, String unit) {
        long n;
        try {
            n = Long.parseLong(amount);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(amount + " is too large");
        }
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException("unit not in PART: " + unit);
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(amount + unit + " is too large");
        }
    }
}
