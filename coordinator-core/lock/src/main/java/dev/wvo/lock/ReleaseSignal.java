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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Wakes waiting acquirers when the lock file they wait for changes, so that a release is noticed
 * at once instead of at the next poll. Releases inside this JVM signal directly; changes by other
 * processes arrive through the OS file watcher (inotify on Linux). Where no watcher can be had
 * (inotify instances exhausted, remote file systems that send no events) waiters fall back to
 * their jittered back-off, which is correct, only slower.
 *
 * <p>Per resource: a waiter is woken by changes of its own lock file only, not by the other locks
 * of the directory (a worker's presence lock renewed, a task's ownership lock taken), each of
 * which would otherwise cost every waiter a full attempt. When the watcher loses events (an
 * overflow of its queue) it cannot tell which files changed, and wakes every waiter.
 *
 * <p>One signal per directory per JVM, shared by every manager on that directory. The directory
 * is watched only while someone in this JVM waits (the watcher thread is kept, the watch is
 * added for the first waiter and removed at the first change after the last one stopped waiting,
 * by the watcher thread: not on the way of a waiter that just took its lock, and not at all if a
 * waiter comes again before that change): every file change in the directory
 * wakes the watcher threads of each process watching it, each temp file, guard write, event
 * journal and record of a transaction, about 28 of them per roadmap transaction. A lock holder,
 * or a process that never waits, pays nothing for them; only waiters, who need them, do. And
 * only creations and removals are watched: a record is never written in place ({@link
 * LockFiles}), it appears by a link or a rename and goes by an unlink, so the writes of every
 * temp and guard file in the directory would only wake the watcher for nothing.
 */
final class ReleaseSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSignal.class);
    private static final Map<Path, ReleaseSignal> BY_DIRECTORY = new HashMap<>();

    private final Path directory;
    /** The lock files someone in this JVM waits for now, by encoded resource name. */
    private final Map<String, Changes> waited = new HashMap<>(); // guarded by itself
    private int users; // guarded by BY_DIRECTORY
    private WatchService watcher; // guarded by BY_DIRECTORY
    private boolean watcherTried; // guarded by BY_DIRECTORY
    /** The waiters in this JVM that asked for the watch ({@link #watchOtherProcesses}) and still wait. */
    private int watchers; // guarded by BY_DIRECTORY
    private WatchKey key; // guarded by BY_DIRECTORY; registered while watchers > 0, and until the next change after

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
                key = null;
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

    /**
     * Starts counting the changes of one lock file for a waiter; call it before the waiter's first
     * attempt, so that no change after that attempt's read goes uncounted, and give it back with
     * {@link #stopWaiting}. Changes of a file nobody waits for are not counted at all: the map
     * holds only the resources waited for now, however many the directory has.
     */
    Changes startWaiting(String encoded) {
        synchronized (waited) {
            Changes changes = waited.computeIfAbsent(encoded, Changes::new);
            changes.waiters++;
            return changes;
        }
    }

    void stopWaiting(Changes changes) {
        synchronized (waited) {
            if (--changes.waiters == 0) {
                waited.remove(changes.encoded);
            }
        }
    }

    /**
     * Makes sure changes by other processes are watched until {@link #stopWatching}; called by a
     * waiter before it first sleeps. Changes made before this call are not reported: the waiter
     * looks at the file again after it.
     */
    void watchOtherProcesses() {
        synchronized (BY_DIRECTORY) {
            if (watchers++ == 0 && users > 0 && key == null) {
                startWatching();
            }
        }
    }

    /** The waiter that called {@link #watchOtherProcesses} waits no more; after the last one, the next change ends the watch. */
    void stopWatching() {
        synchronized (BY_DIRECTORY) {
            watchers--;
        }
    }

    /** The lock file of {@code encoded} changed: wake its waiters. */
    void signal(String encoded) {
        Changes changes;
        synchronized (waited) {
            changes = waited.get(encoded);
        }
        if (changes != null) {
            changes.changed();
        }
    }

    /** Changes were lost: wake every waiter. */
    void signalAll() {
        List<Changes> all;
        synchronized (waited) {
            all = List.copyOf(waited.values());
        }
        all.forEach(Changes::changed);
    }

    /** The changes of one lock file, counted while someone in this JVM waits for it. */
    static final class Changes {
        private final String encoded;
        private long generation; // guarded by this
        private int waiters; // guarded by the signal's map

        private Changes(String encoded) {
            this.encoded = encoded;
        }

        /** The current generation; pass it to {@link #await} to wait for the next change. */
        synchronized long generation() {
            return generation;
        }

        private synchronized void changed() {
            generation++;
            notifyAll();
        }

        /** Waits until the generation moves past {@code seen}, or {@code nanos} pass; true if it moved. */
        synchronized boolean await(long seen, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            while (generation == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                wait(left / 1_000_000, (int) (left % 1_000_000));
            }
            return true;
        }
    }

    private void startWatching() {
        if (!watcherTried) {
            watcherTried = true;
            try {
                watcher = directory.getFileSystem().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.debug("No file watcher for {} ({}); waiters poll with back-off", directory, e.toString());
                return;
            }
            WatchService service = watcher;
            Thread thread = new Thread(() -> watch(service), "wvo-lock-watch");
            thread.setDaemon(true);
            thread.start();
        }
        if (watcher == null) {
            return;
        }
        try {
            key = directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Cannot watch {} ({}); waiters poll with back-off", directory, e.toString());
        }
    }

    /** Whether the directory is watched now. */
    boolean watching() {
        synchronized (BY_DIRECTORY) {
            return key != null;
        }
    }

    private void endWatchIfNobodyWaits() {
        synchronized (BY_DIRECTORY) {
            if (watchers == 0 && key != null) {
                key.cancel();
                key = null;
            }
        }
    }

    private void watch(WatchService service) {
        try {
            while (true) {
                WatchKey ready = service.take();
                boolean lost = false;
                Set<String> changed = new HashSet<>();
                for (WatchEvent<?> event : ready.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        lost = true;
                    } else if (event.context() instanceof Path p && p.toString().endsWith(LockFiles.LOCK_SUFFIX)) {
                        String name = p.toString();
                        changed.add(name.substring(0, name.length() - LockFiles.LOCK_SUFFIX.length()));
                    }
                }
                if (lost) {
                    signalAll();
                } else {
                    changed.forEach(this::signal);
                }
                ready.reset(); // false once the watch ended: the next waiter registers a new key
                endWatchIfNobodyWaits();

            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the last manager on this directory is gone
        }
    }
}
