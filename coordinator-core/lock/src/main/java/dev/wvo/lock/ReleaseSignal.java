package dev.wvo.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wakes waiting acquirers when the lock they wait for may have become free, so that a release is
 * noticed at once instead of at the next poll. Releases inside this JVM signal directly; releases
 * by other processes arrive through the OS file watcher (inotify on Linux). Where no watcher can
 * be had (inotify instances exhausted, remote file systems that send no events) waiters fall back
 * to their jittered back-off, which is correct, only slower.
 *
 * <p>What other processes' waiters hear depends on whether the releaser knows they wait:
 * <ul>
 *   <li>An exclusive waiter has its entry in the lock record, so a release that leaves waiter
 *       entries behind touches the wake file of the head of the queue's process only
 *       ({@link #releasedTo}): only the head can take a freed lock, and the others sleep on
 *       instead of reading the record to find it not theirs. The rarer changes that may let any
 *       recorded waiter in touch the resource's wake file, which every waiter hears
 *       ({@link #changed}). Exclusive waiters watch only the wake directory: no event for the
 *       other replacements of the record (an acquisition, a waiter queueing or refreshing its
 *       entry, a renewal), none for the temp, staging, guard and journal files that every
 *       transaction writes in the lock directory. Each of those used to wake the watcher threads
 *       of every waiting process, and each replacement of the record every waiter.</li>
 *   <li>A shared waiter is in no record (its wait writes nothing), so no releaser knows of it:
 *       it watches the lock files themselves, a creation or removal of {@code E.lock} (a record
 *       is never written in place, see {@link LockFiles}), as every waiter did before.</li>
 * </ul>
 * Per resource: a waiter is woken by changes of its own resource only. When the watcher loses
 * events (an overflow of its queue) it cannot tell which resources changed, and wakes every
 * waiter.
 *
 * <p>One signal per directory per JVM, shared by every manager on that directory. A directory is
 * watched only while someone in this JVM waits on it (the watcher thread is kept, the watch is
 * added for the first waiter and removed at the first change after the last one stopped waiting,
 * by the watcher thread: not on the way of a waiter that just took its lock, and not at all if a
 * waiter comes again before that change). A lock holder, or a process that never waits, pays
 * nothing for the changes; only waiters, who need them, do.
 */
final class ReleaseSignal {

    /** Made at the first line logged, not with the class: as {@code FileLockManager}'s, for short-lived programs. */
    private static final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(ReleaseSignal.class);

        private Log() {
        }
    }

    private static final Map<Path, ReleaseSignal> BY_DIRECTORY = new HashMap<>();
    /**
     * File systems of this host, whose changes the kernel's watcher (inotify) reports whichever
     * process made them. A network file system's are reported only for this host's own changes
     * (NFS: not those of the other hosts), and a name not listed here is treated the same way.
     */
    private static final Set<String> LOCAL_FILE_SYSTEMS = Set.of("ext2", "ext3", "ext4", "xfs", "btrfs", "zfs",
            "f2fs", "bcachefs", "jfs", "reiserfs", "tmpfs", "ramfs", "overlay");

    private final Path directory;
    private final LockFiles files;
    /** The lock files someone in this JVM waits for now, by encoded resource name. */
    private final Map<String, Changes> waited = new HashMap<>(); // guarded by itself
    private int users; // guarded by BY_DIRECTORY
    /** The wake keys ({@link LockFiles#wakeKey}) of the processes whose managers use this signal, with how many each. */
    private final Map<String, Integer> ownKeys = new ConcurrentHashMap<>(); // written under BY_DIRECTORY, read by the watcher
    private WatchService watcher; // guarded by BY_DIRECTORY
    private boolean watcherTried; // guarded by BY_DIRECTORY
    /** Whether the watcher hears the changes of every process on this directory, as {@link #hearsEveryChange} says. */
    private boolean watcherHearsAll; // guarded by BY_DIRECTORY
    /** The wake directory, watched for exclusive waiters. */
    private final Watch wakeFiles;
    /** The lock directory, watched for shared waiters. */
    private final Watch lockFiles;

    private ReleaseSignal(Path directory) {
        this.directory = directory;
        this.files = new LockFiles(directory);
        this.wakeFiles = new Watch(files.wakeDirectory(), true);
        this.lockFiles = new Watch(directory, false);
    }

    /**
     * The signal of {@code directory} in this JVM, for a manager whose waiters are those of
     * {@code self}: releases meant for that process's waiters ({@link #releasedTo}) are heard
     * from now on, until {@link #close} with the same process.
     */
    static ReleaseSignal open(Path directory, ProcessRef self) {
        synchronized (BY_DIRECTORY) {
            ReleaseSignal signal = BY_DIRECTORY.computeIfAbsent(directory, ReleaseSignal::new);
            signal.users++;
            signal.ownKeys.merge(LockFiles.wakeKey(self), 1, Integer::sum);
            return signal;
        }
    }

    void close(ProcessRef self) {
        synchronized (BY_DIRECTORY) {
            String key = LockFiles.wakeKey(self);
            if (ownKeys.merge(key, -1, Integer::sum) <= 0) {
                ownKeys.remove(key);
                try {
                    // nobody in this JVM waits as that process any more; a later release meant for it creates the file again
                    files.removeWakeFilesOf(key);
                } catch (IOException | RuntimeException e) {
                    Log.LOG.debug("Could not remove the wake files of {} in {} ({})", key, directory, e.toString());
                }
            }
            if (--users == 0) {
                BY_DIRECTORY.remove(directory);
                wakeFiles.key = null;
                lockFiles.key = null;
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
     * Makes sure releases by other processes are watched until {@link #stopWatching}; called by a
     * waiter before it first sleeps, with whether its wait is recorded (an exclusive waiter's entry
     * in the record: releases that leave it there touch the wake file) or not (a shared waiter:
     * it hears every change of the lock files). Changes made before this call are not reported:
     * the waiter looks at the file again after it.
     */
    void watchOtherProcesses(boolean recorded) {
        synchronized (BY_DIRECTORY) {
            Watch watch = recorded ? wakeFiles : lockFiles;
            if (watch.waiters++ == 0 && users > 0 && watch.key == null) {
                startWatching(watch);
            }
        }
    }

    /** The waiter that called {@link #watchOtherProcesses} waits no more; after the last one, the next change ends the watch. */
    void stopWatching(boolean recorded) {
        synchronized (BY_DIRECTORY) {
            (recorded ? wakeFiles : lockFiles).waiters--;
        }
    }

    /**
     * The lock of {@code encoded} may have become free for any of its recorded waiters: its
     * waiters in this JVM are woken at once, and those of other processes through the resource's
     * wake file, {@code .wake/E}. For the rarer changes (a dead entry dropped, a withdrawal, a
     * lost lease's removal, a break, garbage cleared), after they are written, and for a release
     * whose head of the queue may be dead, inside its step, as {@link LockFiles#touchWakeFile} says. A
     * failure to touch the wake file fails nothing: the other processes' waiters notice the
     * change at the end of their back-off pause.
     */
    void changed(String encoded) {
        signal(encoded);
        touch(encoded, null);
    }

    /**
     * A release that left {@code head} at the head of the queue: of the waiters of other
     * processes only that one can take the lock, so only its process hears of it, through its
     * own wake file ({@link LockFiles#touchWakeFile(String, ProcessRef)}); the others sleep on
     * instead of each reading the record to find it not theirs. The waiters in this JVM are woken
     * at once. Called inside the release's guarded step, right after its write.
     */
    void releasedTo(String encoded, ProcessRef head) {
        signal(encoded);
        touch(encoded, head);
    }

    private void touch(String encoded, ProcessRef head) {
        try {
            if (head == null) {
                files.touchWakeFile(encoded);
            } else {
                files.touchWakeFile(encoded, head);
            }
        } catch (IOException | RuntimeException e) {
            Log.LOG.debug("Could not touch the wake file of {} ({}); waiters elsewhere notice within their back-off pause",
                    encoded, e.toString());
        }
    }

    /** The lock file of {@code encoded} changed: wake its waiters in this JVM. */
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

    /** One watched directory: how many waiters in this JVM need it, and its key while watched. */
    private static final class Watch {
        private final Path directory;
        private final boolean wakeFiles;
        private int waiters; // guarded by BY_DIRECTORY
        private WatchKey key; // guarded by BY_DIRECTORY; registered while waiters > 0, and until the next change after

        private Watch(Path directory, boolean wakeFiles) {
            this.directory = directory;
            this.wakeFiles = wakeFiles;
        }
    }

    private void startWatching(Watch watch) {
        if (!watcherTried) {
            watcherTried = true;
            try {
                watcher = directory.getFileSystem().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                Log.LOG.debug("No file watcher for {} ({}); waiters poll with back-off", directory, e.toString());
                return;
            }
            watcherHearsAll = hearsEveryProcess(directory);
            WatchService service = watcher;
            Thread thread = new Thread(() -> watch(service), "wvo-lock-watch");
            thread.setDaemon(true);
            thread.start();
        }
        if (watcher == null) {
            return;
        }
        try {
            if (watch.wakeFiles) {
                // made by the first release with waiters, or here by the first waiter: whichever comes first
                LockFiles.prepareDirectory(watch.directory);
                // the wake files are only touched or created
                watch.key = watch.directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY);
            } else {
                // a record appears by a link or a rename and goes by an unlink, never written in place
                watch.key = watch.directory.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException | UnsupportedOperationException | LockException e) {
            Log.LOG.debug("Cannot watch {} ({}); waiters poll with back-off", watch.directory, e.toString());
        }
    }

    /**
     * Whether a waiter that called {@link #watchOtherProcesses} hears now of every change it waits
     * for, whoever makes it: its files are watched, by the kernel's watcher, on a file system of
     * this host. Then only what no file event announces is left to its back-off pauses (a holder
     * that dies silently, a process of an earlier version that touches no wake file), and they
     * may all be long ({@link Backoff#startAtCeiling}). Not so without a watcher, with the JDK's
     * polling watcher (macOS: it looks every few seconds), or on a network file system, where
     * the short first pauses are what catches another host's quick release.
     */
    boolean hearsEveryChange(boolean recorded) {
        synchronized (BY_DIRECTORY) {
            return watcherHearsAll && (recorded ? wakeFiles : lockFiles).key != null;
        }
    }

    /** The kernel's watcher (inotify, on Linux) on a file system of this host: see {@link #LOCAL_FILE_SYSTEMS}. */
    static boolean hearsEveryProcess(Path directory) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")) {
            return false;
        }
        try {
            return isLocal(Files.getFileStore(directory).type());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static boolean isLocal(String fileSystemType) {
        return LOCAL_FILE_SYSTEMS.contains(fileSystemType);
    }

    /** Whether the lock files (the shared waiters' source) or the wake files are watched now. */
    boolean watching(boolean recorded) {
        synchronized (BY_DIRECTORY) {
            return (recorded ? wakeFiles : lockFiles).key != null;
        }
    }

    private void afterEvents(WatchKey ready, boolean valid) {
        synchronized (BY_DIRECTORY) {
            for (Watch watch : List.of(wakeFiles, lockFiles)) {
                if (watch.key != ready) {
                    continue;
                }
                if (!valid) {
                    // the directory went (removed by hand): the next waiter to sleep watches it anew
                    watch.key = null;
                } else if (watch.waiters == 0) {
                    ready.cancel();
                    watch.key = null;
                }
            }
        }
    }

    private void watch(WatchService service) {
        try {
            while (true) {
                WatchKey ready = service.take();
                boolean wakeKey = wakeFiles.directory.equals(ready.watchable());
                boolean lost = false;
                Set<String> changed = new HashSet<>();
                for (WatchEvent<?> event : ready.pollEvents()) {
                    if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                        lost = true;
                    } else if (event.context() instanceof Path p) {
                        String name = p.toString();
                        if (wakeKey) {
                            int separator = name.lastIndexOf(LockFiles.WAKE_KEY_SEPARATOR);
                            if (separator < 0) {
                                changed.add(name); // .wake/E: for every waiter of E
                            } else if (ownKeys.containsKey(name.substring(separator + 1))) {
                                changed.add(name.substring(0, separator)); // .wake/E@K: for this process's
                            }
                        } else if (name.endsWith(LockFiles.LOCK_SUFFIX)) {
                            changed.add(name.substring(0, name.length() - LockFiles.LOCK_SUFFIX.length()));
                        }
                    }
                }
                if (lost) {
                    signalAll();
                } else {
                    changed.forEach(this::signal);
                }
                afterEvents(ready, ready.reset()); // false once the watch ended: the next waiter registers a new key
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the last manager on this directory is gone
        }
    }
}
