package dev.wvo.lock;

import java.time.Instant;

/** A lock held through lock files; its state changes only through its manager. */
final class FileLockHandle implements LockHandle {

    enum State { HELD, RELEASED, LOST }

    private final FileLockManager manager;
    private final LockFiles.Paths paths;
    private final LockMode mode;
    private final long token;
    private final Instant acquiredAt;
    private volatile State state = State.HELD;
    /** Until when this process may rely on the lock: last confirmed heartbeat plus the lease. */
    private volatile Instant validUntil;

    FileLockHandle(FileLockManager manager, LockFiles.Paths paths, LockMode mode, long token, Instant acquiredAt,
                   Instant validUntil) {
        this.manager = manager;
        this.paths = paths;
        this.mode = mode;
        this.token = token;
        this.acquiredAt = acquiredAt;
        this.validUntil = validUntil;
    }

    @Override
    public String resource() {
        return paths.resource();
    }

    LockFiles.Paths paths() {
        return paths;
    }

    @Override
    public LockMode mode() {
        return mode;
    }

    @Override
    public long token() {
        return token;
    }

    @Override
    public Instant acquiredAt() {
        return acquiredAt;
    }

    @Override
    public boolean isValid() {
        return state == State.HELD && manager.now().isBefore(validUntil);
    }

    @Override
    public boolean confirm() {
        return manager.confirm(this);
    }

    State state() {
        return state;
    }

    void renewed(Instant newValidUntil) {
        validUntil = newValidUntil;
    }

    void ended(State how) {
        state = how;
    }

    @Override
    public boolean release() {
        return manager.release(this);
    }

    @Override
    public String toString() {
        return "lock '" + paths.resource() + "' (" + mode.label() + ", token " + token + ", " + state.name().toLowerCase() + ")";
    }
}
