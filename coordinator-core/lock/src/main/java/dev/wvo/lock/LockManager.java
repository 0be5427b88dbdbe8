package dev.wvo.lock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Named inter-process locks with exclusive and shared modes, fencing tokens and stale-holder
 * reclamation. The same contract is implemented by every backend (files in a directory,
 * ZooKeeper) and checked by the same contract tests.
 *
 * <p>Guarantees: never two live holders of an exclusive lock, nor an exclusive holder together
 * with shared ones; a holder whose process died or whose lease expired is reclaimed by the next
 * acquirer, a live holder never; tokens strictly increase per resource; a waiting exclusive
 * request is not starved by a stream of shared ones. Instances are thread-safe.
 */
public interface LockManager extends AutoCloseable {

    /**
     * Takes the lock if it is free now, without waiting.
     *
     * @return the handle, or empty if the lock is held by someone else
     */
    Optional<LockHandle> tryAcquire(String resource, LockMode mode);

    /**
     * Takes the lock, waiting at most {@code timeout}. Waiting wakes promptly when the lock is
     * released or its holder is found stale.
     *
     * @throws LockTimeoutException if the lock could not be taken in time; it names the holder
     * @throws GuardBusyException   (file backend) if a process stopped in the middle of a step on
     *                              this lock kept the lock's guard until the timeout; it names that process
     * @throws InterruptedException if the waiting thread is interrupted (nothing is left held)
     */
    LockHandle acquire(String resource, LockMode mode, Duration timeout)
            throws LockTimeoutException, InterruptedException;

    /** Takes the lock, waiting as long as it takes. */
    LockHandle acquire(String resource, LockMode mode) throws InterruptedException;

    /** Every lock that exists now, with its holders and whether each is stale. */
    List<LockInfo> inspect();

    /** The lock on one resource, if any holder or waiter exists. */
    Optional<LockInfo> inspect(String resource);

    /**
     * Administrative break: removes the lock on {@code resource}. Stale holders are always
     * removable; live ones only with {@code force}. The next acquisition gets a larger token, so
     * a forcibly broken holder's late writes are still rejected by fenced stores.
     */
    BreakResult breakLock(String resource, boolean force);

    /**
     * Where this manager's tokens are counted: tokens of two managers are comparable only when
     * their scopes are equal (the same lock directory, the same ZooKeeper ensemble and root). A
     * fenced store keeps the largest token it accepted per scope.
     */
    default String tokenScope() {
        return getClass().getName();
    }

    /** Releases every lock this manager still holds and stops its background threads. */
    @Override
    void close();
}
