package dev.wvo.lock;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter for waiters between attempts: short at first, so that a
 * quick release is caught quickly even without a file-change signal, then longer, so that many
 * waiters stay cheap; jittered so that waiters woken together do not retry in lock step. A waiter
 * that hears of every change ({@link ReleaseSignal#hearsEveryChange}) starts at the ceiling: its
 * pauses then only bound how late it notices what no file event announces (a holder's silent
 * death), and short ones would only look at a record that did not change.
 */
final class Backoff {

    private static final long FIRST_NANOS = 1_000_000; // 1 ms
    private static final long MAX_NANOS = 100_000_000; // 100 ms: how late a waiter can notice a dead holder

    private long ceiling = FIRST_NANOS;

    /** From now on every pause is a long one: the changes that matter are announced (section 8). */
    void startAtCeiling() {
        ceiling = MAX_NANOS;
    }

    /** The next pause, in nanoseconds: between half the current ceiling and the ceiling. */
    long nextNanos() {
        long pause = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        ceiling = Math.min(MAX_NANOS, ceiling * 2);
        return pause;
    }
}
