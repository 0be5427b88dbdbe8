package dev.wvo.bench;

import java.util.Arrays;

/**
 * The distribution of a set of durations, in nanoseconds.
 *
 * @param count how many samples
 * @param min   the smallest
 * @param p50   the median
 * @param p90   the 90th percentile
 * @param p99   the 99th percentile
 * @param max   the largest
 * @param mean  the mean
 */
record Percentiles(int count, long min, long p50, long p90, long p99, long max, double mean) {

    /** Nearest-rank percentiles of {@code samples} (which must not be empty). */
    static Percentiles of(long[] samples) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, sorted[0], rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                sorted[sorted.length - 1], Arrays.stream(sorted).average().orElse(0));
    }

    private static long rank(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** One line in milliseconds, e.g. {@code n=3000 min=0.120 p50=0.410 ... ms}. */
    String toMillis() {
        return String.format("n=%d min=%.3f p50=%.3f p90=%.3f p99=%.3f max=%.3f mean=%.3f ms",
                count, min / 1e6, p50 / 1e6, p90 / 1e6, p99 / 1e6, max / 1e6, mean / 1e6);
    }
}
