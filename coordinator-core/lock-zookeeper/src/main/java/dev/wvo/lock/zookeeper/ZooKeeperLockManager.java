package dev.wvo.lock.zookeeper;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.Liveness;
import dev.wvo.lock.LockException;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockListener;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.lock.ProcessRef;
import dev.wvo.lock.ResourceNames;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.framework.recipes.atomic.AtomicValue;
import org.apache.curator.framework.recipes.atomic.DistributedAtomicLong;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.curator.utils.PathUtils;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Locks kept in a ZooKeeper ensemble through Apache Curator's {@link InterProcessReadWriteLock}:
 * its write lock is the exclusive mode, its read lock the shared mode. Every manager has its own
 * ZooKeeper session, and the session is the liveness of its holders: a holder whose process dies
 * or whose session expires loses its lock when ZooKeeper deletes its ephemeral node, and no live
 * holder is ever reclaimed. So locks work across hosts, without leases or clocks.
 *
 * <p>Each request is one ephemeral sequential node under {@code {root}/{encoded resource}/lock}
 * ({@link ResourceNodes}); the node's data names its owner, process and, once taken, its token and
 * acquisition time ({@link LockNodeRecord}). Requests are served in order; a shared request never
 * overtakes an exclusive one queued before it ({@link LockQueue}), so writers are not starved.
 * Every acquisition then takes the next value of the resource's persistent counter node; the
 * argument why these fencing tokens strictly increase is in {@code docs/lock-protocol.md (ZooKeeper part)}.
 *
 * <p>A handle turns invalid, for good, as soon as Curator reports the connection SUSPENDED or
 * LOST, or its node is deleted (a forced break). Its node is then deleted as soon as the ensemble
 * can be reached again, so that a session that survives the interruption does not keep a lock that
 * nobody holds any more.
 *
 * <p>Not re-entrant: a thread that asks again for an exclusive lock it holds waits for itself.
 * Handles can be released from any thread.
 */
public final class ZooKeeperLockManager implements LockManager {

    public static final String DEFAULT_ROOT = "/wvo/locks";
    public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(15);
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLockManager.class);
    private static final long FOREVER = -1;

    private final CuratorFramework client;
    private final boolean ownsClient;
    private final String connectString;
    private final String root;
    private final String owner;
    private final ProcessRef self;
    private final Duration sessionTimeout;
    private final Duration connectionTimeout;
    private final Clock clock;
    private final LockListener listener;
    /** Moves on every SUSPENDED or LOST: a handle taken before a move has lost its lock. */
    private final AtomicLong connectionEpoch = new AtomicLong();
    private final Set<ZooKeeperLockHandle> held = ConcurrentHashMap.newKeySet();
    private final ConnectionStateListener connectionListener = (c, state) -> connectionChanged(state);
    private final AtomicBoolean closed = new AtomicBoolean();

    private ZooKeeperLockManager(Builder b) {
        this.root = PathUtils.validatePath(b.root);
        this.self = ProcessRef.current();
        this.owner = b.owner != null ? b.owner : self.pid() + "@" + self.host().hostName();
        this.clock = b.clock;
        this.listener = b.listener;
        if (b.client != null) {
            if (b.sessionTimeout != null) {
                throw new IllegalStateException("The session timeout belongs to the CuratorFramework passed to "
                        + "builder(client): set it there, or pass a connect string instead");
            }
            if (b.client.getState() != CuratorFrameworkState.STARTED) {
                throw new IllegalArgumentException("The CuratorFramework passed to builder(client) is "
                        + b.client.getState().name().toLowerCase(Locale.ROOT) + ": start it before building the lock manager");
            }
            this.client = b.client;
            this.ownsClient = false;
            this.connectString = b.client.getZookeeperClient().getCurrentConnectionString();
            this.sessionTimeout = Duration.ofMillis(b.client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs());
            this.connectionTimeout = b.connectionTimeout != null ? b.connectionTimeout
                    : Duration.ofMillis(b.client.getZookeeperClient().getConnectionTimeoutMs());
        } else {
            this.connectString = b.connectString;
            this.sessionTimeout = b.sessionTimeout != null ? b.sessionTimeout : DEFAULT_SESSION_TIMEOUT;
            this.connectionTimeout = b.connectionTimeout != null ? b.connectionTimeout : DEFAULT_CONNECTION_TIMEOUT;
            this.client = CuratorFrameworkFactory.builder()
                    .connectString(b.connectString)
                    .sessionTimeoutMs(Math.toIntExact(sessionTimeout.toMillis()))
                    .connectionTimeoutMs(Math.toIntExact(connectionTimeout.toMillis()))
                    .retryPolicy(new ExponentialBackoffRetry(100, 3))
                    .build();
            this.ownsClient = true;
        }
        client.getConnectionStateListenable().addListener(connectionListener);
        if (ownsClient) {
            // connects in the background; the first acquisition waits for it (connectionTimeout)
            client.start();
        }
    }

    /**
     * A manager with a session of its own on the ensemble at {@code connectString}
     * ({@code host:port,host:port}); {@link #close()} closes the session.
     */
    public static Builder builder(String connectString) {
        Objects.requireNonNull(connectString, "connectString");
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("The ZooKeeper connect string must not be empty (host:port[,host:port...])");
        }
        return new Builder(connectString, null);
    }

    /**
     * A manager on a started client that the caller owns: the manager's locks live in that
     * client's session, and {@link #close()} leaves the client open. Two managers on one client
     * are one process as far as liveness goes.
     */
    public static Builder builder(CuratorFramework client) {
        return new Builder(null, Objects.requireNonNull(client, "client"));
    }

    public String owner() {
        return owner;
    }

    /** The node under which every resource's lock lives. */
    public String root() {
        return root;
    }

    public String connectString() {
        return connectString;
    }

    /** {@code zookeeper:<connect string><root>}: tokens count per resource under this root of this ensemble. */
    @Override
    public String tokenScope() {
        return "zookeeper:" + connectString() + root();
    }

    // ---------------------------------------------------------------- acquire

    /**
     * {@inheritDoc}
     *
     * <p>Reaching the ensemble may take up to the connection timeout. The attempt queues a node
     * like any request and removes it if the lock is not free; a shared attempt made at the very
     * moment an exclusive attempt is queued therefore finds it ahead and returns empty.
     *
     * @throws LockException if the ensemble cannot be reached within the connection timeout, or
     *                       fails during the attempt (nothing is left held)
     */
    @Override
    public Optional<LockHandle> tryAcquire(String resource, LockMode mode) {
        Objects.requireNonNull(mode, "mode");
        try {
            return Optional.ofNullable(attempt(nodesOf(resource), mode, 0));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockException("Interrupted while trying lock '" + resource + "'; nothing is held", e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The timeout bounds the wait for the lock. Reaching the ensemble first is bounded by the
     * connection timeout: a manager that was just built may need a moment to connect.
     *
     * @throws LockException if the ensemble cannot be reached within the connection timeout, or
     *                       fails during the wait (nothing is left held)
     */
    @Override
    public LockHandle acquire(String resource, LockMode mode, Duration timeout)
            throws LockTimeoutException, InterruptedException {
        Objects.requireNonNull(mode, "mode");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long waitNanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
        ResourceNodes nodes = nodesOf(resource);
        ZooKeeperLockHandle handle = attempt(nodes, mode, waitNanos);
        if (handle != null) {
            return handle;
        }
        throw new LockTimeoutException(resource, timeout, holdersForMessage(nodes));
    }

    /**
     * {@inheritDoc}
     *
     * @throws LockException if the ensemble cannot be reached within the connection timeout, or
     *                       fails during the wait (nothing is left held)
     */
    @Override
    public LockHandle acquire(String resource, LockMode mode) throws InterruptedException {
        Objects.requireNonNull(mode, "mode");
        return attempt(nodesOf(resource), mode, FOREVER);
    }

    /**
     * One acquisition through the recipe: wait for the connection, queue a node, wait for our
     * turn (at most {@code waitNanos}, or {@link #FOREVER}), then take a token and confirm.
     *
     * @return the handle, or null if the turn did not come in time (our node is then gone)
     */
    private ZooKeeperLockHandle attempt(ResourceNodes nodes, LockMode mode, long waitNanos)
            throws InterruptedException {
        checkOpen();
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before taking lock '" + nodes.resource() + "'");
        }
        awaitConnection("lock '" + nodes.resource() + "' was not acquired");
        LockNodeRecord request = LockNodeRecord.requested(nodes.resource(), owner, mode, self, now(),
                negotiatedSessionTimeout());
        InterProcessReadWriteLock lock = new InterProcessReadWriteLock(client, nodes.lock(), request.toBytes());
        // One recipe instance per acquisition: the recipe is re-entrant per thread and instance,
        // the contract is not, and a fresh instance never mistakes one handle for another.
        InterProcessMutex mutex = mode == LockMode.EXCLUSIVE ? lock.writeLock() : lock.readLock();
        boolean acquired;
        try {
            if (waitNanos == FOREVER) {
                mutex.acquire();
                acquired = true;
            } else {
                acquired = mutex.acquire(waitNanos, TimeUnit.NANOSECONDS);
            }
        } catch (Exception e) {
            // On any failure, interruption included, the recipe has deleted its node (in the
            // background if the connection is down: Curator's guaranteed delete).
            if (e instanceof InterruptedException || Thread.interrupted()) {
                // the recipe re-asserts the interrupt; throwing InterruptedException reports it
                Thread.interrupted();
                InterruptedException interrupted = new InterruptedException(
                        "interrupted while waiting for lock '" + nodes.resource() + "'; nothing is held");
                interrupted.initCause(e);
                throw interrupted;
            }
            throw failure(nodes, "waiting for the lock", e);
        }
        if (!acquired) {
            return null;
        }
        String node = mode == LockMode.EXCLUSIVE ? lock.writeLock().getLockPath() : lock.readLock().getLockPath();
        return confirm(nodes, mode, node, request);
    }

    /**
     * Turns our node, which now holds the lock, into a handle: takes the token, writes it into
     * the node, watches the node. If any step fails, the node is deleted and nothing is held.
     */
    private ZooKeeperLockHandle confirm(ResourceNodes nodes, LockMode mode, String node, LockNodeRecord request)
            throws InterruptedException {
        Connection connection = currentConnection();
        ZooKeeperLockHandle handle = null;
        try {
            long token = nextToken(nodes);
            Instant at = now();
            // Writing our node after taking the token proves that the node, and so our hold,
            // outlived the increment: anyone who takes the lock after us increments later and
            // gets a larger token, even if our node is broken right now (docs/lock-protocol.md (ZooKeeper part)).
            client.setData().forPath(node, request.acquired(token, at).toBytes());
            handle = new ZooKeeperLockHandle(this, nodes.resource(), node, mode, token, at, connection);
            // Registered before the connection check: a suspension reported after the check
            // finds the handle in `held`, one reported before it fails the check.
            held.add(handle);
            watchNode(handle);
            if (!isCurrent(connection) || handle.state() != ZooKeeperLockHandle.State.HELD) {
                throw new LockException("Lock '" + nodes.resource() + "' was lost while being taken (the connection to "
                        + "ZooKeeper at " + connectString + " was interrupted, or the lock was broken); nothing is held, try again");
            }
            return handle;
        } catch (KeeperException.NoNodeException e) {
            abandon(handle, node);
            throw new LockException("Lock '" + nodes.resource() + "' was lost while being taken: its node " + node
                    + " was deleted (its session expired or it was broken); nothing is held, try again", e);
        } catch (LockException e) {
            abandon(handle, node);
            throw e;
        } catch (InterruptedException e) {
            abandon(handle, node);
            throw e;
        } catch (Exception e) {
            abandon(handle, node);
            throw failure(nodes, "taking a fencing token", e);
        }
    }

    /** Undoes a confirmation that failed: the handle never reaches the caller, its node goes. */
    private void abandon(ZooKeeperLockHandle handle, String node) {
        if (handle != null) {
            handle.markLost();
            held.remove(handle);
        }
        deleteInBackground(node);
    }

    /** The next value of the resource's fencing counter, by compare-and-set on its version. */
    private long nextToken(ResourceNodes nodes) throws Exception {
        // Optimistic retries fail only when another acquirer of the same resource incremented
        // in between (shared holders do), so a short time bound is plenty.
        DistributedAtomicLong counter = new DistributedAtomicLong(client, nodes.token(),
                new RetryUntilElapsed(Math.toIntExact(connectionTimeout.toMillis()), 1));
        AtomicValue<Long> next = counter.increment();
        if (!next.succeeded()) {
            throw new LockException("Could not increment the fencing counter " + nodes.token() + " of lock '"
                    + nodes.resource() + "' within " + describe(connectionTimeout)
                    + ": too many concurrent acquisitions; nothing is held, try again");
        }
        return next.postValue();
    }

    /** Marks the handle lost when its node is deleted by anyone but its own release. */
    private void watchNode(ZooKeeperLockHandle handle) throws Exception {
        CuratorWatcher watcher = new CuratorWatcher() {
            @Override
            public void process(WatchedEvent event) throws Exception {
                if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                    lost(handle, "its node was deleted: the lock was broken or its session expired");
                } else if (event.getType() != Watcher.Event.EventType.None
                        && handle.state() == ZooKeeperLockHandle.State.HELD) {
                    // a one-time watch fired for another change: keep watching
                    watchNode(handle);
                }
            }
        };
        Stat stat = client.checkExists().usingWatcher(watcher).forPath(handle.node());
        if (stat == null) {
            lost(handle, "its node was deleted: the lock was broken or its session expired");
        }
    }

    // ---------------------------------------------------------------- release and loss

    boolean release(ZooKeeperLockHandle handle) {
        handle.isValid(); // a handle whose connection was interrupted is lost, not released
        if (!handle.markReleased()) {
            listener.releaseOfLostLock(handle.resource(), handle.token());
            return false;
        }
        held.remove(handle);
        try {
            // The path is this acquisition's own node (Curator's protected, sequential name), so
            // a release can never remove another holder's lock.
            client.delete().guaranteed().forPath(handle.node());
            return true;
        } catch (KeeperException.NoNodeException e) {
            // gone before the release: broken or expired, and the watch has not told us yet
            listener.releaseOfLostLock(handle.resource(), handle.token());
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.warn("Could not delete the node {} of lock '{}' ({}); Curator keeps deleting it in the background",
                    handle.node(), handle.resource(), e.toString());
            return false;
        }
    }

    /**
     * Whether the handle's node still exists, asked of the leader: a {@code check} inside a
     * multi-operation is ordered with every write of the ensemble, where a plain read may be
     * answered by a follower that lags behind. Node names are unique per request, so a node that
     * exists is this acquisition, still holding. A false answer makes the handle lost.
     */
    boolean confirm(ZooKeeperLockHandle handle) {
        if (!handle.isValid()) {
            return false;
        }
        try {
            client.transaction().forOperations(client.transactionOp().check().forPath(handle.node()));
            return handle.isValid();
        } catch (KeeperException.NoNodeException | KeeperException.SessionExpiredException e) {
            lost(handle, "its node was deleted: the lock was broken or its session expired");
            return false;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new LockException("Could not confirm lock '" + handle.resource() + "' with ZooKeeper at "
                    + connectString + " (" + e + "); act as if it were lost", e);
        }
    }

    /** The handle no longer holds its lock; from now on it is invalid, and its node goes. */
    void lost(ZooKeeperLockHandle handle, String why) {
        if (handle.markLost()) {
            held.remove(handle);
            listener.lockLost(handle.resource(), handle.token(), why);
            deleteInBackground(handle.node());
        }
    }

    private void deleteInBackground(String node) {
        try {
            client.delete().guaranteed().inBackground().forPath(node);
        } catch (Exception e) {
            // only when the client is closed; its session, and so the node, ends with it
            LOG.debug("Could not delete lock node {}: {}", node, e.toString());
        }
    }

    private void connectionChanged(ConnectionState state) {
        if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
            return;
        }
        // Epoch first, then the handles: an acquisition that registers its handle after this
        // loop has started sees the new epoch in its connection check.
        connectionEpoch.incrementAndGet();
        for (ZooKeeperLockHandle handle : List.copyOf(held)) {
            lost(handle, "the connection to ZooKeeper at " + connectString + " is "
                    + state.name().toLowerCase(Locale.ROOT));
        }
    }

    /** The connection as it is now: the epoch of connection-state changes and ZooKeeper's handle. */
    record Connection(long epoch, long zooKeeperInstance) {
    }

    private Connection currentConnection() {
        return new Connection(connectionEpoch.get(), client.getZookeeperClient().getInstanceIndex());
    }

    /**
     * Whether the connection is up and unbroken since {@code taken}: no SUSPENDED or LOST was
     * reported, and ZooKeeper's handle is the same (a new one means a new session).
     */
    boolean isCurrent(Connection taken) {
        return !closed.get() && client.getZookeeperClient().isConnected() && currentConnection().equals(taken);
    }

    // ---------------------------------------------------------------- inspection and administration

    @Override
    public List<LockInfo> inspect() {
        awaitConnection("the locks were not listed");
        List<String> resources;
        try {
            resources = client.getChildren().forPath(root);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw failure("listing the locks under " + root, e);
        }
        List<LockInfo> locks = new ArrayList<>();
        for (String encoded : resources) {
            String fallback = ResourceNames.decode(encoded).orElse(encoded);
            read(new ResourceNodes(fallback, encoded, ZKPaths.makePath(root, encoded)))
                    .filter(s -> !s.queue().isEmpty())
                    .map(LockSnapshot::info)
                    .ifPresent(locks::add);
        }
        locks.sort(Comparator.comparing(LockInfo::resource));
        return locks;
    }

    @Override
    public Optional<LockInfo> inspect(String resource) {
        awaitConnection("lock '" + resource + "' was not inspected");
        return read(nodesOf(resource)).filter(s -> !s.queue().isEmpty()).map(LockSnapshot::info);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Every holder that has a node has a live session, so without {@code force} this refuses
     * whenever the lock is held. With it, the holders' nodes are deleted (waiters keep their
     * place); their handles turn invalid as soon as their watches fire.
     */
    @Override
    public BreakResult breakLock(String resource, boolean force) {
        awaitConnection("lock '" + resource + "' was not broken");
        ResourceNodes nodes = nodesOf(resource);
        Optional<LockSnapshot> snapshot = read(nodes);
        if (snapshot.isEmpty() || snapshot.get().queue().holders().isEmpty()) {
            return new BreakResult(BreakResult.Outcome.NOT_HELD, List.of());
        }
        List<HolderInfo> holders = snapshot.get().info().holders();
        if (!force) {
            return new BreakResult(BreakResult.Outcome.REFUSED_LIVE_HOLDER, holders);
        }
        for (LockQueue.Entry holder : snapshot.get().queue().holders()) {
            String path = ZKPaths.makePath(nodes.lock(), holder.name());
            try {
                client.delete().forPath(path);
            } catch (KeeperException.NoNodeException e) {
                // released meanwhile: nothing left to break
            } catch (Exception e) {
                throw failure(nodes, "deleting the holder's node " + path, e);
            }
        }
        BreakResult result = new BreakResult(BreakResult.Outcome.BROKEN, holders);
        listener.lockBroken(resource, result, true);
        return result;
    }

    /** A lock's nodes and their records, as read now. */
    private record LockSnapshot(ResourceNodes nodes, LockQueue queue, List<LockNodeRecord> records, Instant at) {

        LockInfo info() {
            List<HolderInfo> holders = new ArrayList<>();
            List<LockInfo.WaiterInfo> waiting = new ArrayList<>();
            LockMode mode = LockMode.EXCLUSIVE;
            for (int i = 0; i < queue.entries().size(); i++) {
                LockQueue.Entry entry = queue.entries().get(i);
                LockNodeRecord r = records.get(i);
                if (entry.holds()) {
                    mode = entry.mode();
                    // The ensemble vouches for the session now; the node can outlive a dead
                    // holder by at most its session timeout, which is the lease here.
                    holders.add(new HolderInfo(r.owner(), r.process(),
                            r.acquiredAt() != null ? r.acquiredAt() : r.requestedAt(), at, r.sessionTimeout(),
                            r.token(), Liveness.ALIVE));
                } else if (entry.mode() == LockMode.EXCLUSIVE) {
                    waiting.add(new LockInfo.WaiterInfo(r.owner(), r.process(), at, Liveness.ALIVE));
                }
            }
            String resource = records.isEmpty() ? nodes.resource() : records.get(0).resource();
            return new LockInfo(resource, mode, holders, waiting, null);
        }
    }

    /** Reads a lock's nodes; nodes that vanish while being read are left out. */
    private Optional<LockSnapshot> read(ResourceNodes nodes) {
        Instant at = now();
        List<String> children;
        try {
            children = client.getChildren().forPath(nodes.lock());
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        } catch (Exception e) {
            throw failure(nodes, "reading the lock", e);
        }
        List<String> present = new ArrayList<>();
        List<LockNodeRecord> records = new ArrayList<>();
        for (LockQueue.Entry entry : LockQueue.of(children).entries()) {
            try {
                byte[] data = client.getData().forPath(ZKPaths.makePath(nodes.lock(), entry.name()));
                present.add(entry.name());
                records.add(LockNodeRecord.parse(data, nodes.resource(), entry.mode()));
            } catch (KeeperException.NoNodeException e) {
                // released or expired between the listing and this read
            } catch (Exception e) {
                throw failure(nodes, "reading the lock node " + entry.name(), e);
            }
        }
        // classify again without vanished nodes: a holder that left may have let the next one in
        return Optional.of(new LockSnapshot(nodes, LockQueue.of(present), records, at));
    }

    private List<HolderInfo> holdersForMessage(ResourceNodes nodes) {
        try {
            return read(nodes).map(s -> s.info().holders()).orElse(List.of());
        } catch (LockException e) {
            return List.of();
        }
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases every lock still held, then closes the session if this manager opened it. */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        for (ZooKeeperLockHandle handle : List.copyOf(held)) {
            try {
                handle.release();
            } catch (RuntimeException e) {
                LOG.warn("Could not release lock '{}' at close: {}", handle.resource(), e.getMessage());
            }
        }
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        if (ownsClient) {
            client.close();
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This lock manager for ZooKeeper at " + connectString + root + " is closed");
        }
    }

    // ---------------------------------------------------------------- helpers

    private ResourceNodes nodesOf(String resource) {
        return ResourceNodes.of(root, resource);
    }

    private Instant now() {
        return clock.instant();
    }

    private Duration negotiatedSessionTimeout() {
        int negotiated = client.getZookeeperClient().getLastNegotiatedSessionTimeoutMs();
        return negotiated > 0 ? Duration.ofMillis(negotiated) : sessionTimeout;
    }

    /** Waits up to the connection timeout for the ensemble; fails with what was not done. */
    private void awaitConnection(String consequence) {
        try {
            if (client.getZookeeperClient().isConnected()
                    || client.blockUntilConnected(Math.toIntExact(connectionTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockException("Interrupted while connecting to ZooKeeper at " + connectString + "; " + consequence, e);
        }
        throw new LockException("ZooKeeper at " + connectString + " is not reachable within " + describe(connectionTimeout)
                + "; " + consequence + ". Check that the ensemble runs and that the connect string is right");
    }

    private LockException failure(ResourceNodes nodes, String step, Exception e) {
        return failure(step + " of lock '" + nodes.resource() + "' (" + nodes.lock() + ")", e);
    }

    private LockException failure(String step, Exception e) {
        return new LockException("ZooKeeper at " + connectString + " failed while " + step + ": " + e
                + "; nothing is held", e);
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Options of a {@link ZooKeeperLockManager}; every one has a default. */
    public static final class Builder {
        private final String connectString;
        private final CuratorFramework client;
        private String root = DEFAULT_ROOT;
        private String owner;
        private Duration sessionTimeout;
        private Duration connectionTimeout;
        private Clock clock = Clock.systemUTC();
        private LockListener listener = LockListener.LOGGING;

        private Builder(String connectString, CuratorFramework client) {
            this.connectString = connectString;
            this.client = client;
        }

        /** The node under which the locks live; default {@value ZooKeeperLockManager#DEFAULT_ROOT}. */
        public Builder root(String root) {
            this.root = PathUtils.validatePath(root);
            return this;
        }

        /** Who holds the locks, as shown to people (a worker id); default {@code pid@host}. */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /**
         * The ZooKeeper session timeout asked for: how long the locks of a process that died
         * silently (or lost its network) outlive it; default 15 s. The ensemble may grant another
         * (by default between 2 and 20 of its ticks). Only with {@code builder(connectString)}.
         */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = positive(timeout, "sessionTimeout");
            return this;
        }

        /**
         * How long an operation waits for the ensemble to be reachable before it fails with a
         * {@link LockException}; default 5 s (with {@code builder(client)}: the client's).
         */
        public Builder connectionTimeout(Duration timeout) {
            this.connectionTimeout = positive(timeout, "connectionTimeout");
            return this;
        }

        /** Where acquisition times come from; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder listener(LockListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * @throws IllegalStateException    if a session timeout was set for a client passed in
         * @throws IllegalArgumentException if a client passed in is not started
         */
        public ZooKeeperLockManager build() {
            return new ZooKeeperLockManager(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
