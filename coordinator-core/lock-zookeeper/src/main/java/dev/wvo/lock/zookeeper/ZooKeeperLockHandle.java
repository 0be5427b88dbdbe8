package dev.wvo.lock.zookeeper;

import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A lock held through one ephemeral node of Curator's read-write lock. It is valid while the
 * node's ZooKeeper session is connected and unchanged since the lock was taken; once it is not,
 * it stays invalid. Its state changes only through its manager.
 */
final class ZooKeeperLockHandle implements LockHandle {

    enum State { HELD, RELEASED, LOST }

    private final ZooKeeperLockManager manager;
    private final String resource;
    private final String node;
    private final LockMode mode;
    private final long token;
    private final Instant acquiredAt;
    private final ZooKeeperLockManager.Connection connection;
    private final AtomicReference<State> state = new AtomicReference<>(State.HELD);

    ZooKeeperLockHandle(ZooKeeperLockManager manager, String resource, String node, LockMode mode, long token,
                        Instant acquiredAt, ZooKeeperLockManager.Connection connection) {
        this.manager = manager;
        this.resource = resource;
        this.node = node;
        this.mode = mode;
        this.token = token;
        this.acquiredAt = acquiredAt;
        this.connection = connection;
    }

    @Override
    public String resource() {
        return resource;
    }

    /** The full path of this acquisition's lock node: its identity, unique across sessions. */
    String node() {
        return node;
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

    /** The connection this handle was taken on; the lock lives as long as it does, unbroken. */
    ZooKeeperLockManager.Connection connection() {
        return connection;
    }

    @Override
    public boolean isValid() {
        if (state.get() != State.HELD) {
            return false;
        }
        if (!manager.isCurrent(connection)) {
            // The listener of connection states may not have run yet; noticing it here makes the
            // loss final at once, so that the handle cannot turn valid again on reconnection.
            manager.lost(this, "the connection to ZooKeeper was interrupted");
            return false;
        }
        return state.get() == State.HELD;
    }

    @Override
    public boolean confirm() {
        return manager.confirm(this);
    }

    State state() {
        return state.get();
    }

    /** HELD to LOST; false if the handle had already ended. */
    boolean markLost() {
        return state.compareAndSet(State.HELD, State.LOST);
    }

    /** HELD to RELEASED; false if the handle had already ended. */
    boolean markReleased() {
        return state.compareAndSet(State.HELD, State.RELEASED);
    }

    @Override
    public boolean release() {
        return manager.release(this);
    }

    @Override
    public String toString() {
        return "lock '" + resource + "' (" + mode.label() + ", token " + token + ", "
                + state.get().name().toLowerCase(java.util.Locale.ROOT) + ", node " + node + ")";
    }
}
