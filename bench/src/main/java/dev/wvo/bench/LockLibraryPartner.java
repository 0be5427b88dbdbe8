package dev.wvo.bench;

import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The other process of {@link LockLibrariesBenchmark}'s hand-off: it opens the same lock with the
 * same library and carries out the requests of a {@link PartnerBoard} (acquire, release) until told
 * to stop.
 *
 * <p>Arguments: {@code LIBRARY DIR ZOOKEEPER RESOURCE BOARD}.
 */
public final class LockLibraryPartner {

    private LockLibraryPartner() {
    }

    public static void main(String[] args) throws Exception {
        PartnerBoard board = PartnerBoard.open(Path.of(args[4]));
        exitWhenParentDies();
        try (LockLibrary lock = LockLibrary.open(args[0], Path.of(args[1]), args[2], args[3], "partner")) {
            long handled = 0;
            while (true) {
                long n = board.request();
                if (n < 0) {
                    return;
                }
                if (n == handled) {
                    LockSupport.parkNanos(200_000); // idle between hand-offs; not measured
                    continue;
                }
                if (n % 2 == 1) {
                    board.entering(n);
                    lock.acquire();
                } else {
                    lock.release();
                }
                board.done(n);
                handled = n;
            }
        }
    }

    /** The benchmark keeps our stdin open; its end means the benchmark's JVM is gone, so this one goes too. */
    private static void exitWhenParentDies() {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; only the end matters
                }
            } catch (java.io.IOException e) {
                // the same: the pipe is gone
            }
            System.exit(1);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
