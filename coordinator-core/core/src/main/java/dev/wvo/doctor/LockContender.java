package dev.wvo.doctor;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockMode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * One of the processes of {@link LockContentionCheck}: it prints {@code ready}, waits for the go
 * file, then takes (at least once) and releases an exclusive lock over and over for the given
 * time. Inside the lock it creates a marker file that must not exist (another holder inside would
 * have created it) and increments a shared counter by read-then-write, which loses updates if two
 * are inside. It prints {@code entered N} and exits 0, or prints {@code overlap} and exits 3.
 *
 * <p>Arguments: lock directory, resource, work directory (marker, counter and go file), milliseconds.
 */
public final class LockContender {

    static final int OVERLAP_EXIT = 3;
    static final String READY = "ready";
    static final String GO_FILE = "go";
    static final String MARKER_FILE = "inside";
    static final String COUNTER_FILE = "counter";

    /** How a contender enters its critical section: the returned value leaves it when closed. */
    @FunctionalInterface
    interface Entry {
        AutoCloseable enter() throws Exception;
    }

    private LockContender() {
    }

    public static void main(String[] args) throws Exception {
        Path lockDirectory = Path.of(args[0]);
        String resource = args[1];
        Path work = Path.of(args[2]);
        Duration length = Duration.ofMillis(Long.parseLong(args[3]));
        try (FileLockManager locks = FileLockManager.builder(lockDirectory).owner("wvo-doctor").build()) {
            // a second holder, if the lock let one in, gets the processor while this one is inside
            contend(work, length, () -> locks.acquire(resource, LockMode.EXCLUSIVE), Thread::yield);
        }
    }

    /**
     * Says it is ready, waits for the go file, and enters over and over for {@code length}; exits
     * the JVM with {@link #OVERLAP_EXIT} as soon as it finds another process inside.
     *
     * @param whileInside what to do between reading and writing the counter, to widen the window
     */
    static void contend(Path work, Duration length, Entry entry, Runnable whileInside) throws Exception {
        System.out.println(READY);
        System.out.flush();
        Path go = work.resolve(GO_FILE);
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        Instant end = Instant.now().plus(length);
        int entered = 0;
        // at least once, however slow this machine: a check with no entries would prove nothing
        do {
            try (AutoCloseable ignored = entry.enter()) {
                if (!inside(work, whileInside)) {
                    System.out.println("overlap");
                    System.exit(OVERLAP_EXIT);
                }
                entered++;
            }
        } while (Instant.now().isBefore(end));
        System.out.println("entered " + entered);
    }

    private static boolean inside(Path work, Runnable whileInside) throws IOException {
        Path marker = work.resolve(MARKER_FILE);
        try {
            Files.createFile(marker);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Path counter = work.resolve(COUNTER_FILE);
        long count;
        try {
            count = Files.exists(counter) ? Long.parseLong(Files.readString(counter, StandardCharsets.UTF_8).strip()) : 0;
        } catch (NumberFormatException e) {
            // half-written by another holder: only possible if both are inside
            return false;
        }
        whileInside.run();
        Files.writeString(counter, Long.toString(count + 1), StandardCharsets.UTF_8);
        Files.delete(marker);
        return true;
    }
}
