package dev.wvo.cli.shell;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How often a live view may read the state: when a file changed, at most every {@code minMillis}
 * and rarely enough that reading costs at most {@code share} of one core; when none changed,
 * every {@code recheckMillis} all the same (for what no file tells: a worker whose process died),
 * or less often if that would cost more than the share. A read of a 1,000-task roadmap whose
 * file changed costs tens of milliseconds of CPU, and busy workers change the files many times a
 * second; so the pause after a read grows with what the read cost (measured as this thread's CPU
 * time), up to {@link #MAX_PAUSE_MILLIS}, and a small state is read as often as {@code minMillis}
 * allows. The first read is not measured: it loads the classes of every part of the state.
 */
public final class ReadPacer {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final long minMillis;
    private final double share;
    /** The longest pause, however dear reads are: a view never lags the files by more while they change. */
    static final long MAX_PAUSE_MILLIS = 10_000;

    private final long recheckMillis;
    private long pauseMillis;
    private boolean first = true;

    /**
     * @param minMillis     the shortest pause between two reads
     * @param share         the largest share of one core the reads may take, as 0.01 for 1 %
     * @param recheckMillis the pause after which the state is read although no file changed
     */
    public ReadPacer(long minMillis, double share, long recheckMillis) {
        this.minMillis = minMillis;
        this.share = share;
        this.recheckMillis = recheckMillis;
        this.pauseMillis = minMillis;
    }

    /** Runs {@code read} and sets the pause before the next one from the CPU time it took. */
    public void read(Runnable read) {
        boolean measured = THREADS.isCurrentThreadCpuTimeSupported();
        long before = measured ? THREADS.getCurrentThreadCpuTime() : 0;
        read.run();
        long cpuMillis = measured ? (THREADS.getCurrentThreadCpuTime() - before) / 1_000_000 : 0;
        if (!first) {
            pauseMillis = Math.min(MAX_PAUSE_MILLIS, Math.max(minMillis, (long) (cpuMillis / share)));
        }
        first = false;
    }

    /** How long after the last read the next one is due: 0 or less if it is due now. */
    public long untilDue(boolean changed, long sinceLastRead) {
        long pause = changed ? pauseMillis : Math.max(recheckMillis, pauseMillis);
        return pause - sinceLastRead;
    }
}
