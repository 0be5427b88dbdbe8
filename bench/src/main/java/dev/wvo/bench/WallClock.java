package dev.wvo.bench;

import java.time.Instant;

/**
 * Time stamps that can be compared across processes of one machine. {@link System#nanoTime()} is
 * defined per JVM only; {@link Instant#now()} reads the kernel's real-time clock
 * ({@code CLOCK_REALTIME} on Linux, nanosecond resolution on JDK 17), which every process of the
 * machine shares, so "released at" in one process and "acquired at" in another subtract.
 */
final class WallClock {

    private WallClock() {
    }

    /** Nanoseconds since the epoch, from the machine's shared real-time clock. */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
