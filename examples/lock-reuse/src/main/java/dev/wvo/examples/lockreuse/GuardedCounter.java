package dev.wvo.examples.lockreuse;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Increments a counter file from any number of processes without losing an update, using only
 * the wvo lock library.
 *
 * <pre>
 * java -cp ... dev.wvo.examples.lockreuse.GuardedCounter LOCK_DIR COUNTER_FILE [INCREMENTS]
 * </pre>
 *
 * Each increment takes the exclusive lock {@value #RESOURCE} in {@code LOCK_DIR}, reads the
 * counter, and writes the value plus one together with the lock's fencing token; the counter
 * file refuses writes with an older token than it has seen ({@link FencedCounterFile}).
 */
public final class GuardedCounter {

    /** The lock every instance of this program takes. */
    public static final String RESOURCE = "guarded-counter";

    static final int OK = 0;
    static final int USAGE = 2;
    static final int FAILED = 3;

    private static final Duration WAIT = Duration.ofMinutes(1);

    private GuardedCounter() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the program; returns its exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (args.length < 2 || args.length > 3) {
            err.println("usage: GuardedCounter LOCK_DIR COUNTER_FILE [INCREMENTS]");
            return USAGE;
        }
        int increments;
        try {
            increments = args.length == 3 ? Integer.parseInt(args[2]) : 1;
        } catch (NumberFormatException e) {
            err.println("INCREMENTS must be a whole number, got '" + args[2] + "'");
            return USAGE;
        }
        FencedCounterFile counter = new FencedCounterFile(Path.of(args[1]));
        long pid = ProcessHandle.current().pid();
        try (LockManager locks = FileLockManager.builder(Path.of(args[0])).owner("guarded-counter@" + pid).build()) {
            FencedCounterFile.State last = new FencedCounterFile.State(0, 0);
            for (int i = 0; i < increments; i++) {
                try (LockHandle lock = locks.acquire(RESOURCE, LockMode.EXCLUSIVE, WAIT)) {
                    last = increment(counter, lock);
                }
            }
            String counted = increments + (increments == 1 ? " increment" : " increments");
            out.println("pid " + pid + ": " + counted + ", last token " + last.token() + ", counter " + last.value());
            return OK;
        } catch (LockTimeoutException | IOException | FencedCounterFile.StaleTokenException | LostLockException e) {
            err.println(e.getMessage());
            return FAILED;
        }
    }

    /** The protected work: a read-modify-write that would lose updates if two processes overlapped. */
    private static FencedCounterFile.State increment(FencedCounterFile counter, LockHandle lock)
            throws IOException, FencedCounterFile.StaleTokenException, LostLockException {
        FencedCounterFile.State current = counter.read();
        // Stop acting as soon as the lock is known lost; the token catches the case where it is
        // lost between this check and the write.
        if (!lock.isValid()) {
            throw new LostLockException(lock);
        }
        FencedCounterFile.State next = new FencedCounterFile.State(current.value() + 1, lock.token());
        counter.write(next.value(), next.token());
        return next;
    }

    /** The lock was broken or its lease ran out before the protected write. */
    static final class LostLockException extends Exception {
        LostLockException(LockHandle lock) {
            super("Lost lock '" + lock.resource() + "' (token " + lock.token() + ") before writing; nothing written");
        }
    }
}
