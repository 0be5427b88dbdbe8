package dev.wvo.cli;

import dev.wvo.events.EventLockListener;
import dev.wvo.events.EventLog;
import dev.wvo.lock.BreakResult;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockListener;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.lock.zookeeper.ZooKeeperLockManager;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens the {@link LockManager} the global options choose: the file backend on
 * {@code <state>/locks} (one host, or several sharing a file system; staleness across hosts by
 * lease only), or ZooKeeper (several hosts; liveness is the session). See docs/multi-host.md.
 */
public final class LockBackends {

    /** The backends {@code --lock-backend} names. */
    public enum Backend {
        FILE, ZOOKEEPER;

        /** The name as written on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private LockBackends() {
    }

    /**
     * The lock manager of the chosen backend, logging lock events the library's way and recording
     * them in the state's event log.
     *
     * @param global            the top command, holding {@code --state}, {@code --lock-backend}, {@code --zookeeper}
     * @param owner             who holds the locks, as {@code lock list} shows it; null for {@code pid@host}
     * @param lease             how long a lock outlives a holder that stops silently: the file lease,
     *                          or the ZooKeeper session timeout asked for
     * @param releaseOnShutdown whether the locks are released when the JVM exits normally or by a
     *                          signal other than SIGKILL
     * @throws CommandFailure if the options name no backend, or zookeeper without an ensemble
     */
    public static LockManager open(WvoCommand global, String owner, Duration lease, boolean releaseOnShutdown) {
        return open(global, owner, lease, releaseOnShutdown, LockListener.LOGGING, Clock.systemUTC());
    }

    /**
     * As {@link #open(WvoCommand, String, Duration, boolean)}, reporting lock events to
     * {@code listener}. Every lock event (a stale holder reclaimed, debris removed, a break, a lost
     * lock) is also recorded in {@code <state>/events.jsonl}, as {@code docs/state-format.md} says.
     */
    static LockManager open(WvoCommand global, String owner, Duration lease, boolean releaseOnShutdown,
                            LockListener listener, Clock clock) {
        LockListener recorded = new EventLockListener(EventLog.in(global.stateDirectory()), null, clock, listener);
        return switch (backend(global)) {
            case FILE -> {
                FileLockManager.Builder builder = FileLockManager.builder(global.lockDirectory())
                        .clock(clock).listener(recorded).releaseOnShutdown(releaseOnShutdown);
                if (lease != null) {
                    builder.lease(lease);
                }
                if (owner != null) {
                    builder.owner(owner);
                }
                yield builder.build();
            }
            case ZOOKEEPER -> {
                quietZooKeeperLogs(global.verbose());
                ZooKeeperLockManager.Builder builder = ZooKeeperLockManager.builder(zookeeper(global))
                        .clock(clock).listener(recorded);
                if (lease != null) {
                    builder.sessionTimeout(lease);
                }
                if (owner != null) {
                    builder.owner(owner);
                }
                ZooKeeperLockManager manager = builder.build();
                yield releaseOnShutdown ? new ClosedOnShutdown(manager) : manager;
            }
        };
    }

    /** The backend the options choose. */
    public static Backend backend(WvoCommand global) {
        WvoCommand.Setting chosen = global.lockBackend();
        for (Backend backend : Backend.values()) {
            if (backend.label().equalsIgnoreCase(chosen.value())) {
                return backend;
            }
        }
        throw new CommandFailure(ExitCodes.USAGE, "unknown lock backend '" + chosen.value() + "' (from "
                + chosen.source() + "): use file or zookeeper");
    }

    /** Where the locks are, for messages: the lock directory, or {@code zookeeper://HOSTS/wvo/locks}. */
    public static String location(WvoCommand global) {
        return backend(global) == Backend.FILE
                ? global.lockDirectory().toAbsolutePath().toString()
                : "zookeeper://" + zookeeper(global) + ZooKeeperLockManager.DEFAULT_ROOT;
    }

    private static String zookeeper(WvoCommand global) {
        return global.zookeeper().orElseThrow(() -> new CommandFailure(ExitCodes.USAGE,
                "--lock-backend zookeeper needs the ensemble: add --zookeeper host:port[,host:port...] or set $"
                        + WvoCommand.ZOOKEEPER_ENV));
    }

    /**
     * The ZooKeeper client logs every failed connection attempt with a stack trace, at WARN; the
     * lock manager's exception already says the ensemble is unreachable, in one line. slf4j-simple
     * reads a logger's level when the logger is made, so this works before the client's classes load.
     */
    private static void quietZooKeeperLogs(boolean verbose) {
        if (!verbose) {
            System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.zookeeper", "error");
            System.getProperties().putIfAbsent("org.slf4j.simpleLogger.log.org.apache.curator", "off");
        }
    }

    /**
     * A ZooKeeper lock manager closed by a shutdown hook, so that its nodes go at once rather than a
     * session timeout after the JVM ends; the file backend does the same with its own option.
     */
    private static final class ClosedOnShutdown implements LockManager {
        private final LockManager delegate;
        private final Thread hook;

        ClosedOnShutdown(LockManager delegate) {
            this.delegate = delegate;
            this.hook = new Thread(delegate::close, "wvo-lock-release-on-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }

        @Override
        public Optional<LockHandle> tryAcquire(String resource, LockMode mode) {
            return delegate.tryAcquire(resource, mode);
        }

        @Override
        public LockHandle acquire(String resource, LockMode mode, Duration timeout)
                throws LockTimeoutException, InterruptedException {
            return delegate.acquire(resource, mode, timeout);
        }

        @Override
        public LockHandle acquire(String resource, LockMode mode) throws InterruptedException {
            return delegate.acquire(resource, mode);
        }

        @Override
        public String tokenScope() {
            return delegate.tokenScope();
        }

        @Override
        public List<LockInfo> inspect() {
            return delegate.inspect();
        }

        @Override
        public Optional<LockInfo> inspect(String resource) {
            return delegate.inspect(resource);
        }

        @Override
        public BreakResult breakLock(String resource, boolean force) {
            return delegate.breakLock(resource, force);
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook closes the manager, or already has
            }
            delegate.close();
        }
    }
}
