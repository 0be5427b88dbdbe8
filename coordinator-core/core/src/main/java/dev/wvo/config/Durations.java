package dev.wvo.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations as people write them, in config.yaml and on the command line alike:
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}, combinations such as
 * {@code 1m30s}, ISO-8601 such as {@code PT30S}, and a bare {@code 0}. Any other bare number is
 * refused rather than guessed, since {@code 5} could mean seconds or minutes.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+");

    private Durations() {
    }

    /**
     * @throws IllegalArgumentException naming the value, what is wrong and the accepted forms
     */
    public static Duration parse(String value) {
        String text = value.strip();
        if (text.isEmpty()) {
            throw invalid(value, "it is empty");
        }
        if (text.charAt(0) == 'P' || text.charAt(0) == 'p') {
            return parseIso(value, text);
        }
        if (BARE_NUMBER.matcher(text).matches()) {
            if (text.chars().allMatch(c -> c == '0')) {
                return Duration.ZERO;
            }
            throw invalid(value, "it has no unit; write for example " + text + "s or " + text + "ms");
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.lookingAt()) {
            total = total.plus(part(value, m.group(1), m.group(2)));
            end = m.end();
            m.region(end, text.length());
        }
        if (end != text.length()) {
            throw invalid(value, "cannot read '" + text.substring(end) + "'");
        }
        return total;
    }

    private static Duration parseIso(String value, String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative()) {
                throw invalid(value, "it is negative");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(value, "it is not an ISO-8601 duration");
        }
    }

    private static Duration part(String value, String amount, String unit) {
        long n;
        try {
            n = Long.parseLong(amount);
        } catch (NumberFormatException e) {
            throw invalid(value, amount + " is too large");
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
            throw invalid(value, amount + unit + " is too large");
        }
    }

    private static IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("'" + value + "' is not a duration (" + why
                + "); use 500ms, 30s, 5m, 1h, 2d, 1m30s, ISO-8601 like PT30S, or 0");
    }
}
