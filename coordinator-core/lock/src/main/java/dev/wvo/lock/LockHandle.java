package dev.wvo.lock;

import java.time.Instant;

/**
 * One acquisition of a lock. Closing the handle releases it.
 *
 * <p>A handle can be lost without being released: its lease expired (the holder paused longer
 * than the lease) or an administrator broke it. From then on {@link #isValid()} is false and the
 * holder must stop acting under the lock; anything it still writes is recognisable as stale by
 * its {@link #token() fencing token}.
 */
public interface LockHandle extends AutoCloseable {

    /** The resource name as given to {@code acquire}. */
    String resource();

    LockMode mode();

    /**
     * The fencing token of this acquisition: strictly greater than the token of every earlier
     * acquisition of the same resource, across processes and restarts. A store protected by the
     * lock remembers the largest token it has accepted and rejects writes with a smaller one.
     */
    long token();

    Instant acquiredAt();

    /**
     * True while this handle still holds the lock: not released, not broken, and its lease not
     * expired as far as this process knows. Check it before each protected action.
     */
    boolean isValid();

    /**
     * Asks the lock's store, not this process's memory, whether this acquisition still holds:
     * true if this handle is valid and, at one moment during the call, the store still recorded
     * it as a holder. {@link #isValid()} can be wrong until the next renewal (a forced break, a
     * reclaim by a host whose clock runs ahead, a lost ZooKeeper session not yet noticed); this
     * cannot. A write that must never land after the lock has passed on confirms just before it
     * becomes visible, and lets every later holder void what is still in flight
     * ({@code dev.wvo.fs.LockedFile} in wvo does both; {@code docs/lock-protocol.md} says why).
     *
     * <p>A false answer is final: the handle is lost from then on. It costs one guarded read of
     * the lock file, or one round trip to the ZooKeeper leader.
     *
     * @throws LockException if the store cannot be asked (then act as if the lock were lost)
     */
    boolean confirm();

    /**
     * Releases the lock if this handle still owns it. Never removes another holder's lock: if
     * the lock was broken (and perhaps taken by someone else) this is a no-op that logs a warning.
     *
     * @return true if this call released the lock, false if it was no longer held by this handle
     */
    boolean release();

    /** Same as {@link #release()}; lets handles be used in try-with-resources. */
    @Override
    default void close() {
        release();
    }
}
