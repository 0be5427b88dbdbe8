package dev.wvo.bench;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A lock manager that counts the CPU its caller spends holding one resource, from the moment its
 * {@code acquire} returns to the moment its release does (the release included): what every other
 * worker queued for the lock waits for, beyond the holder's file waits. One thread at a time.
 */
final class HeldLockCpu implements LockManager {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final LockManager locks;
    private final String resource;
    private long held;

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
                boolean released = handle.release();
                held += THREADS.getCurrentThreadCpuTime() - from;
                return released;
            }
        };
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
