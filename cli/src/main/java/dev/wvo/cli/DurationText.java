package dev.wvo.cli;

import java.time.Duration;

/**
 * Short human renderings of durations in the notation {@link DurationConverter} reads:
 * {@code 450ms}, {@code 12s}, {@code 3m05s}, {@code 2h10m}, {@code 3d4h}. Precision drops as
 * the duration grows, as a person reading a table wants it.
 */
final class DurationText {

    private DurationText() {
    }

    static String format(Duration d) {
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

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
