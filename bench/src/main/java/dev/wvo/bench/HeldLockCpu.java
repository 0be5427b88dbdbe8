package dev.wvo.bench;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A lock manager that counts the CPU its caller spends holding one resource, from the moment its
 * {@code acquire} returns to the moment its release does (the release included): what every other
 * worker queued for the lock waits for, beyond the holder's file waits. It also keeps the last
 * hold's instants on {@link System#nanoTime()} ({@code CLOCK_MONOTONIC} on Linux, one clock for
 * every process of the machine), so that holds of several processes can be laid end to end. One
 * thread at a time.
 */
final class HeldLockCpu implements LockManager {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Path SCHEDSTAT = Path.of("/proc/thread-self/schedstat");

    private final LockManager locks;
    private final String resource;
    private long held;
    private Hold last;

    /**
     * One hold of the resource.
     *
     * @param token    the fencing token
     * @param acquired when {@code acquire} returned
     * @param releasing when {@code release} was called
     * @param released when {@code release} returned
     * @param cpu      the holder thread's CPU from acquired to released
     * @param runnable how long of it the thread was runnable but waited for a core (the kernel's
     *                 {@code schedstat}; 0 where there is none): the rest of the wall time beyond
     *                 {@code cpu} it was blocked, on the disk or in a pause of its JVM
     * @param cpuAtAcquired the thread's CPU time when {@code acquire} returned
     */
    record Hold(long token, long acquired, long releasing, long released, long cpu, long runnable, long cpuAtAcquired) {
    }

    HeldLockCpu(LockManager locks, String resource) {
        this.locks = locks;
        this.resource = resource;
    }

    /** The CPU spent holding the resource since the last call, in nanoseconds. */
    long takeHeld() {
        long h = held;
        held = 0;
        return h;
    }

    /** The last hold since the last call, or null if there was none. */
    Hold takeLast() {
        Hold h = last;
        last = null;
        return h;
    }

    @Override
    public Optional<LockHandle> tryAcquire(String resource, LockMode mode) {
        return locks.tryAcquire(resource, mode).map(this::counted);
    }

    @Override
    public LockHandle acquire(String resource, LockMode mode, Duration timeout) throws LockTimeoutException, InterruptedException {
        return counted(locks.acquire(resource, mode, timeout));
    }

    @Override
    public LockHandle acquire(String resource, LockMode mode) throws InterruptedException {
        return counted(locks.acquire(resource, mode));
    }

    private LockHandle counted(LockHandle handle) {
        if (!handle.resource().equals(resource)) {
            return handle;
        }
        long acquired = System.nanoTime();
        long queuedBefore = runQueueWait();
        long from = THREADS.getCurrentThreadCpuTime();
        return new LockHandle() {
            @Override
            public String resource() {
                return handle.resource();
            }

            @Override
            public LockMode mode() {
                return handle.mode();
            }

            @Override
            public long token() {
                return handle.token();
            }

            @Override
            public Instant acquiredAt() {
                return handle.acquiredAt();
            }

            @Override
            public boolean isValid() {
                return handle.isValid();
            }

            @Override
            public boolean confirm() {
                return handle.confirm();
            }

            @Override
            public boolean release() {
                long releasing = System.nanoTime();
                boolean released = handle.release();
                long cpu = THREADS.getCurrentThreadCpuTime() - from;
                held += cpu;
                long queued = runQueueWait() - queuedBefore;
                last = new Hold(handle.token(), acquired, releasing, System.nanoTime(), cpu, queued, from);
                return released;
            }
        };
    }

    /** The calling thread's time waiting on a run queue, in nanoseconds (Linux), else 0. */
    private static long runQueueWait() {
        try {
            String[] fields = Files.readString(SCHEDSTAT).trim().split(" ");
            return Long.parseLong(fields[1]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public List<LockInfo> inspect() {
        return locks.inspect();
    }

    @Override
    public Optional<LockInfo> inspect(String resource) {
        return locks.inspect(resource);
    }

    @Override
    public BreakResult breakLock(String resource, boolean force) {
        return locks.breakLock(resource, force);
    }

    @Override
    public String tokenScope() {
        return locks.tokenScope();
    }

    @Override
    public void close() {
        // the manager it wraps is closed by its owner
    }
}
