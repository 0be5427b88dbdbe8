package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
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

    /**
     * The shortest lease {@code --lease} takes. A lock is renewed every third of its lease, so a
     * renewal delayed by two thirds of it (a busy machine, a pause for garbage collection) loses
     * the lock of a process that still works; below a second that happens in normal operation.
     */
    static final Duration MINIMUM_LEASE = Duration.ofSeconds(1);

    private LockBackends() {
    }

    /**
     * How a command holds its locks; {@link #defaults()} with the changes it needs.
     *
     * @param owner             who holds the locks, as {@code lock list} shows it; null for {@code pid@host}
     * @param lease             how long a lock outlives a holder that stops silently: the file lease,
     *                          or the ZooKeeper session timeout asked for; null for the backend's default
     * @param releaseOnShutdown whether the locks are released when the JVM exits normally or by a
     *                          signal other than SIGKILL
     * @param listener          where lock events go, besides {@code events.jsonl}
     * @param clock             the time of leases and events
     */
    public record Options(String owner, Duration lease, boolean releaseOnShutdown, LockListener listener, Clock clock) {

        /** No owner name, the default lease, locks left to their leases at exit, events logged the library's way. */
        public static Options defaults() {
            return new Options(null, null, false, LockListener.LOGGING, Clock.systemUTC());
        }

        public Options owner(String name) {
            return new Options(name, lease, releaseOnShutdown, listener, clock);
        }

        public Options lease(Duration length) {
            return new Options(owner, length, releaseOnShutdown, listener, clock);
        }

        public Options releasingOnShutdown() {
            return new Options(owner, lease, true, listener, clock);
        }

        public Options listener(LockListener events) {
            return new Options(owner, lease, releaseOnShutdown, events, clock);
        }

        public Options clock(Clock time) {
            return new Options(owner, lease, releaseOnShutdown, listener, time);
        }
    }

    /**
     * The lock manager of the chosen backend. Every lock event (a stale holder reclaimed, debris
     * removed, a break, a lost lock) is also recorded in {@code <state>/events.jsonl}, as
     * {@code docs/state-format.md} says.
     *
     * @param global the top command, holding {@code --state}, {@code --lock-backend}, {@code --zookeeper}
     * @throws CommandFailure if the options name no backend, or zookeeper without an ensemble, or the lease
     *                        is shorter than {@link #MINIMUM_LEASE}
     */
    public static LockManager open(WvoCommand global, Options options) {
        Duration lease = options.lease();
        if (lease != null && lease.compareTo(MINIMUM_LEASE) < 0) {
            throw new CommandFailure(ExitCodes.USAGE, "--lease " + DurationText.format(lease) + " is too short: a lock is "
                    + "renewed every third of its lease, and a renewal delayed by two thirds of it (a busy machine, a "
                    + "garbage-collection pause) loses the lock while the command still works. Use at least "
                    + DurationText.format(MINIMUM_LEASE) + " (default 30s)");
        }
        Clock clock = options.clock();
        LockListener recorded = new EventLockListener(EventLog.in(global.stateDirectory()), null, clock,
                options.listener());
        return switch (backend(global)) {
            case FILE -> {
                FileLockManager.Builder builder = FileLockManager.builder(global.lockDirectory())
                        .clock(clock).listener(recorded).releaseOnShutdown(options.releaseOnShutdown());
                if (options.lease() != null) {
                    builder.lease(options.lease());
                }
                if (options.owner() != null) {
                    builder.owner(options.owner());
                }
                yield builder.build();
            }
            case ZOOKEEPER -> {
                quietZooKeeperLogs(global.verbose());
                ZooKeeperLockManager.Builder builder = ZooKeeperLockManager.builder(zookeeper(global))
                        .clock(clock).listener(recorded);
                if (options.lease() != null) {
                    builder.sessionTimeout(options.lease());
                }
                if (options.owner() != null) {
                    builder.owner(options.owner());
                }
                ZooKeeperLockManager manager = builder.build();
                yield options.releaseOnShutdown() ? new ClosedOnShutdown(manager) : manager;
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
