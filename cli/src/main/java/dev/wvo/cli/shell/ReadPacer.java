package dev.wvo.cli.shell;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How often a live view may read the state: at most every {@code minMillis}, and rarely enough
 * that reading costs at most {@code share} of one core. A read of a 1,000-task roadmap with its
 * event log costs tens of milliseconds of CPU, and busy workers change the files many times a
 * second; so the pause after a read grows with what the read cost (measured as this thread's CPU
 * time), and a small state is read as often as {@code minMillis} allows.
 */
public final class ReadPacer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long minMillis;
    private final double share;
    private long pauseMillis;

    /**
     * @param minMillis the shortest pause between two reads
     * @param share     the largest share of one core the reads may take, as 0.01 for 1 %
     */
    public ReadPacer(long minMillis, double share) {
        this.minMillis = minMillis;
        this.share = share;
        this.pauseMillis = minMillis;
    }

    /** Runs {@code read} and sets the pause before the next one from the CPU time it took. */
    public void read(Runnable read) {
        boolean measured = THREADS.isCurrentThreadCpuTimeSupported();
        long before = measured ? THREADS.getCurrentThreadCpuTime() : 0;
        read.run();
        long cpuMillis = measured ? (THREADS.getCurrentThreadCpuTime() - before) / 1_000_000 : 0;
        pauseMillis = Math.max(minMillis, (long) (cpuMillis / share));
    }

    /** The pause to keep after the last read before the next. */
    public long pauseMillis() {
        return pauseMillis;
    }
}
