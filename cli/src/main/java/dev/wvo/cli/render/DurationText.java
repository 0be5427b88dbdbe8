package dev.wvo.cli.render;

import java.time.Duration;

/**
 * Short human renderings of durations in the notation {@code wvo}'s duration options read:
 * {@code 450ms}, {@code 12s}, {@code 3m05s}, {@code 2h10m}, {@code 3d4h}. Precision drops as
 * the duration grows, as a person reading a table wants it.
 */
public final class DurationText {

    private DurationText() {
    }

    public static String format(Duration d) {
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + twoDigits(s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + twoDigits((s % 3600) / 60) + "m";
        }
        return (s / 86_400) + "d" + ((s % 86_400) / 3600) + "h";
    }

    /** An age for a table, to the second: {@code <1s}, {@code 42s}, {@code 3m05s}, ...; {@code -} when unknown. */
    public static String age(Duration d) {
        if (d == null) {
            return "-";
        }
        return d.toSeconds() <= 0 ? "<1s" : format(Duration.ofSeconds(d.toSeconds()));
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
