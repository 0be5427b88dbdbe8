package dev.wvo.worker;

import dev.wvo.fs.StateDir;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Lets an idle worker sleep until something it acts on changes, instead of polling: a file
 * watcher (inotify on Linux) on the state directory and the control requests, which wakes it
 * when the roadmap is rewritten, the rate limits change, a merge is queued or a request for it
 * arrives. Changes it does not act on (the event log growing, other workers' records, the
 * locks' heartbeats, temporary files) do not wake it, so a worker waiting beside busy ones stays
 * asleep.
 *
 * <p>The caller's wait is the slow poll that catches what no file shows (a worker that was
 * killed, its claim to be taken back). Where notification cannot be trusted, the wait is at most
 * {@link #UNWATCHED_POLL}: when the file system offers no watcher, and on network file systems,
 * whose watchers see this host's changes only, not other hosts'.
 */
final class ChangeWaiter implements AutoCloseable {

    /** The longest wait where no file-system notification can be trusted. */
    static final Duration UNWATCHED_POLL = Duration.ofSeconds(5);

    /** File system types (as the JDK names them on Linux) whose watchers miss other hosts' changes. */
    private static final Set<String> NETWORK_FILE_SYSTEMS = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smbfs",
            "fuse.sshfs", "9p", "afs", "ceph", "glusterfs", "fuse.glusterfs", "lustre", "gpfs", "beegfs", "ocfs2",
            "gfs2", "virtiofs");

    private final WatchService watcher;
    private final Map<WatchKey, Predicate<Path>> wakers = new HashMap<>();

    /**
     * @param watched each directory to watch, with which names in it wake the worker
     */
    ChangeWaiter(Map<Path, Predicate<Path>> watched) {
        WatchService service = null;
        try {
            if (watched.keySet().stream().noneMatch(ChangeWaiter::onNetworkFileSystem)) {
                service = FileSystems.getDefault().newWatchService();
                for (Map.Entry<Path, Predicate<Path>> entry : watched.entrySet()) {
                    Files.createDirectories(entry.getKey());
                    wakers.put(entry.getKey().register(service, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), entry.getValue());
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(service);
            service = null; // no watcher: the bounded wait alone paces the worker
            wakers.clear();
        }
        this.watcher = service;
    }

    /**
     * What wakes a worker: in the state directory the roadmap and the rate-limit board; every
     * entry of the merge queue; every control request.
     */
    static ChangeWaiter forWorker(StateDir state, Path controlDirectory) {
        Set<Path> stateFiles = Set.of(state.roadmap().getFileName(), state.rateLimits().getFileName());
        Map<Path, Predicate<Path>> watched = new HashMap<>();
        watched.put(state.root(), stateFiles::contains);
        watched.put(state.mergeQueue(), name -> !name.toString().startsWith("."));
        watched.put(controlDirectory, name -> true);
        return new ChangeWaiter(watched);
    }

    /** Returns after a change that wakes the worker, or after {@code atMost} (at most {@link #UNWATCHED_POLL} without a watcher). */
    void await(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(1, atMost.toNanos());
        if (watcher == null) {
            Thread.sleep(Math.max(1, Math.min(atMost.toMillis(), UNWATCHED_POLL.toMillis())));
            return;
        }
        try {
            for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
                WatchKey key = watcher.poll(left, TimeUnit.NANOSECONDS);
                boolean woken = false;
                while (key != null) {
                    woken |= wakes(key);
                    key = watcher.poll(); // drain what came together
                }
                if (woken) {
                    return;
                }
            }
        } catch (ClosedWatchServiceException e) {
            Thread.sleep(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    /** Whether the key's events name a file that wakes the worker; lost events (an overflow) always do. */
    private boolean wakes(WatchKey key) {
        Predicate<Path> relevant = wakers.getOrDefault(key, name -> true);
        boolean wakes = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            wakes |= event.kind() == StandardWatchEventKinds.OVERFLOW
                    || event.context() instanceof Path name && relevant.test(name);
        }
        key.reset();
        return wakes;
    }

    private static boolean onNetworkFileSystem(Path dir) {
        try {
            Path existing = dir;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing != null
                    && NETWORK_FILE_SYSTEMS.contains(Files.getFileStore(existing).type().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            return true; // cannot tell: do not trust a watcher
        }
    }

    @Override
    public void close() {
        closeQuietly(watcher);
    }

    private static void closeQuietly(WatchService service) {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // closing a watcher releases an inotify instance; nothing to do if it fails
            }
        }
    }
}
