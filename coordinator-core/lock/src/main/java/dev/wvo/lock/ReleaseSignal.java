package dev.wvo.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.Map;

/**
 * Wakes waiting acquirers when a lock file of the directory changes, so that a release is noticed
 * at once instead of at the next poll. Releases inside this JVM signal directly; releases by other
 * processes arrive through the OS file watcher (inotify on Linux). Where no watcher can be had
 * (inotify instances exhausted, remote file systems that send no events) waiters fall back to
 * their jittered back-off, which is correct, only slower.
 *
 * <p>One signal per directory per JVM, shared by every manager on that directory. The file
 * watcher starts with the first waiter, not before: a process that never waits for a lock pays
 * nothing for it (every lock file change would otherwise wake its watcher threads).
 */
final class ReleaseSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSignal.class);
    private static final Map<Path, ReleaseSignal> BY_DIRECTORY = new HashMap<>();

    private final Path directory;
    private final Object monitor = new Object();
    private long generation; // guarded by monitor
    private int users; // guarded by BY_DIRECTORY
    private WatchService watcher; // guarded by BY_DIRECTORY
    private boolean watching; // guarded by BY_DIRECTORY

    private ReleaseSignal(Path directory) {
        this.directory = directory;
    }

    static ReleaseSignal open(Path directory) {
        synchronized (BY_DIRECTORY) {
            ReleaseSignal signal = BY_DIRECTORY.computeIfAbsent(directory, ReleaseSignal::new);
            signal.users++;
            return signal;
        }
    }

    void close() {
        synchronized (BY_DIRECTORY) {
            if (--users == 0) {
                BY_DIRECTORY.remove(directory);
                watching = false;
                if (watcher != null) {
                    try {
                        watcher.close();
                    } catch (IOException ignored) {
                        // the watcher thread ends on ClosedWatchServiceException either way
                    }
                    watcher = null;
                }
            }
        }
    }

    /** Makes sure changes by other processes are watched; called by a waiter before it first waits. */
    void watchOtherProcesses() {
        synchronized (BY_DIRECTORY) {
            if (!watching && users > 0) {
                watching = true;
                startWatching();
            }
        }
    }

    /** The current generation; pass it to {@link #await} to wait for the next change. */
    long generation() {
        synchronized (monitor) {
            return generation;
        }
    }

    /** Something changed: wake every waiter. */
    void signal() {
        synchronized (monitor) {
            generation++;
            monitor.notifyAll();
        }
    }

    /** Waits until the generation moves past {@code seen}, or {@code nanos} pass. */
    void await(long seen, long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        synchronized (monitor) {
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                monitor.wait(left / 1_000_000, (int) (left % 1_000_000));
            }
        }
    }

    private void startWatching() {
        try {
            watcher = directory.getFileSystem().newWatchService();
            directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("No file watcher for {} ({}); waiters poll with back-off", directory, e.toString());
            watcher = null;
            return;
        }
        WatchService service = watcher;
        Thread thread = new Thread(() -> watch(service), "wvo-lock-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch(WatchService service) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW
                            || (event.context() instanceof Path p && p.toString().endsWith(LockFiles.LOCK_SUFFIX))) {
                        relevant = true;
                    }
                }
                if (relevant) {
                    signal();
                }
                if (!key.reset()) {
                    return;
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the last manager on this directory is gone
        }
    }
}
