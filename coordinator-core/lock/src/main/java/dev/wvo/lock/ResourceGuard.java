package dev.wvo.lock;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The short-held mutual exclusion around every check-then-act step on one resource: a kernel
 * lock ({@code fcntl} through {@link FileChannel#lock()}) on the resource's guard file, taken
 * inside a JVM-wide mutex for that file.
 *
 * <p>Why both. The kernel lock excludes other processes and is freed by the OS when a process
 * dies, so a crash inside a step never blocks anyone. But it is held per process, not per thread:
 * a second {@code lock()} on the same file from the same JVM throws
 * {@code OverlappingFileLockException}, and closing any channel of the file drops the process's
 * lock on it. So within the JVM one mutex and one channel per guard file are shared by every
 * manager and thread; the channel is closed only by the thread holding that mutex.
 *
 * <p>A guard is held for microseconds (a read, a decision, a write), never while a lock is held
 * by its owner; the long-held lock is the lock file.
 */
final class ResourceGuard {

    /** Open guard channels kept per JVM before idle ones are closed. */
    private static final int MAX_OPEN_CHANNELS = 128;
    private static final Map<Path, Slot> SLOTS = new ConcurrentHashMap<>();
    private static final AtomicInteger OPEN = new AtomicInteger();

    private ResourceGuard() {
    }

    @FunctionalInterface
    interface Step<T> {
        T run(FileChannel guardChannel) throws IOException;
    }

    /** Waits for the guard without end. */
    static final long FOREVER = Long.MAX_VALUE;
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * Runs {@code step} while holding the guard of {@code guardFile} (an absolute, real path).
     * The step's channel reads and writes the guard file itself, where the fencing counter lives.
     *
     * @param deadline the {@link System#nanoTime()} by which the guard must be taken, or {@link #FOREVER}
     * @return what the step returns, or null if the guard was not taken in time ({@code busy} is
     *         then told who holds it, as far as the system says)
     */
    static <T> T withGuard(Path guardFile, long deadline, Step<T> step, Busy busy) throws IOException {
        // Slots are never removed from the map: a thread that looked one up must find the same
        // mutex as every other thread, or two threads could both believe they hold the guard.
        Slot slot = SLOTS.computeIfAbsent(guardFile, Slot::new);
        // FileChannel operations in an interrupted thread close the channel (and with it the
        // process's kernel lock). Steps are short, so run them uninterrupted and restore the flag.
        boolean interrupted = Thread.interrupted();
        if (!lockMutex(slot, deadline)) {
            restore(interrupted);
            throw busy.notTaken(GuardHolder.inThisProcess());
        }
        try {
            while (true) {
                FileChannel channel = slot.channel();
                // A process stopped in the middle of a step (Ctrl-Z, a debugger) keeps the kernel
                // lock until it goes on or dies; waiting for it without a deadline would hang every
                // step of the resource, timeouts included.
                FileLock locked = deadline == FOREVER ? channel.lock() : pollLock(channel, deadline);
                if (locked == null) {
                    throw busy.notTaken(GuardHolder.of(guardFile));
                }
                try (FileLock ignored = locked) {
                    // The kernel lock is on the inode we opened. If the guard file was removed or
                    // replaced since (a leftover directory cleared by another process, or a person
                    // emptying the lock directory), others lock a different inode: reopen and retry,
                    // so that every process always locks the inode that stands at the name.
                    if (slot.standsAtName()) {
                        return step.run(channel);
                    }
                }
                slot.closeChannel();
            }
        } finally {
            slot.mutex.unlock();
            restore(interrupted);
            if (OPEN.get() > MAX_OPEN_CHANNELS) {
                closeIdleChannels(slot);
            }
        }
    }

    /** Builds the failure for a guard not taken in time, from what is known of its holder. */
    @FunctionalInterface
    interface Busy {
        GuardBusyException notTaken(String holder);
    }

    private static boolean lockMutex(Slot slot, long deadline) {
        if (deadline == FOREVER) {
            slot.mutex.lock();
            return true;
        }
        while (true) {
            try {
                return slot.mutex.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                // the flag was cleared on entry and is restored on exit: an interrupt now is one more
            }
        }
    }

    /** Tries the kernel lock until the deadline, with a short back-off between tries. */
    private static FileLock pollLock(FileChannel channel, long deadline) throws IOException {
        long pause = TimeUnit.MICROSECONDS.toNanos(50);
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || deadline - System.nanoTime() <= 0) {
                return lock;
            }
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    private static void restore(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeIdleChannels(Slot keep) {
        for (Slot slot : SLOTS.values()) {
            if (OPEN.get() <= MAX_OPEN_CHANNELS / 2) {
                return;
            }
            if (slot != keep && slot.mutex.tryLock()) {
                try {
                    slot.closeChannel();
                } finally {
                    slot.mutex.unlock();
                }
            }
        }
    }

    private static final class Slot {
        private final Path file;
        private final ReentrantLock mutex = new ReentrantLock();
        private FileChannel channel; // guarded by mutex
        private Object fileKey; // the inode the channel was opened on, guarded by mutex

        Slot(Path file) {
            this.file = file;
        }

        FileChannel channel() throws IOException {
            if (channel == null || !channel.isOpen()) {
                channel = LockFiles.openGuard(file);
                fileKey = keyAtName();
                OPEN.incrementAndGet();
            }
            return channel;
        }

        boolean standsAtName() {
            Object now = keyAtName();
            return now != null && now.equals(fileKey);
        }

        private Object keyAtName() {
            try {
                return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            } catch (IOException e) {
                return null;
            }
        }

        void closeChannel() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // closing a read/write channel of a small file: nothing to recover
                }
                channel = null;
                fileKey = null;
                OPEN.decrementAndGet();
            }
        }
    }
}
