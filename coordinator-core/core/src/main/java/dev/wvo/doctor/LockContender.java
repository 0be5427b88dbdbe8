package dev.wvo.doctor;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
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
 * file, then takes (at least once) and releases an exclusive lock over and over for the given time. Inside the
 * lock it creates a marker file that must not exist (another holder inside would have created it)
 * and increments a shared counter by read-then-write, which loses updates if two are inside.
 * It prints {@code entered N} and exits 0, or prints {@code overlap} and exits 3.
 *
 * <p>Arguments: lock directory, resource, work directory (marker, counter and go file), milliseconds.
 */
public final class LockContender {

    static final int OVERLAP_EXIT = 3;
    static final String READY = "ready";
    static final String GO_FILE = "go";
    static final String MARKER_FILE = "inside";
    static final String COUNTER_FILE = "counter";

    private LockContender() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path lockDirectory = Path.of(args[0]);
        String resource = args[1];
        Path work = Path.of(args[2]);
        Duration length = Duration.ofMillis(Long.parseLong(args[3]));
        int entered = 0;
        try (FileLockManager locks = FileLockManager.builder(lockDirectory).owner("wvo-doctor").build()) {
            System.out.println(READY);
            System.out.flush();
            Path go = work.resolve(GO_FILE);
            while (!Files.exists(go)) {
                Thread.sleep(5);
            }
            Instant end = Instant.now().plus(length);
            // at least once, however slow this machine: a check with no entries would prove nothing
            do {
                try (LockHandle ignored = locks.acquire(resource, LockMode.EXCLUSIVE)) {
                    if (!inside(work)) {
                        System.out.println("overlap");
                        System.exit(OVERLAP_EXIT);
                    }
                    entered++;
                }
            } while (Instant.now().isBefore(end));
        }
        System.out.println("entered " + entered);
    }

    private static boolean inside(Path work) throws IOException {
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
        // yield the processor so that a second holder, if the lock let one in, gets to run here too
        Thread.yield();
        Files.writeString(counter, Long.toString(count + 1), StandardCharsets.UTF_8);
        Files.delete(marker);
        return true;
    }
}
