package dev.wvo.cli.shell;

import java.time.Duration;

/** Short elapsed times for the shell: {@code 42s}, {@code 3m05s}, {@code 2h10m}, {@code 1d4h}. */
final class Durations {

    private Durations() {
    }

    static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
        }
        return (s / 86_400) + "d" + ((s % 86_400) / 3600) + "h";
    }
}
