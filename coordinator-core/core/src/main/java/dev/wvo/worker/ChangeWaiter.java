package dev.wvo.worker;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lets an idle worker sleep until the state changes (the roadmap rewritten, a control request
 * written) instead of polling: a file watcher on the state directories, with the given wait as
 * an upper bound, so that a change the watcher misses (remote file systems) is seen anyway.
 */
final class ChangeWaiter implements AutoCloseable {

    private final WatchService watcher;

    ChangeWaiter(List<Path> directories) {
        WatchService service = null;
        try {
            service = directories.get(0).getFileSystem().newWatchService();
            for (Path dir : directories) {
                Files.createDirectories(dir);
                dir.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException | UnsupportedOperationException e) {
            service = null; // no watcher: the bounded wait alone paces the worker
        }
        this.watcher = service;
    }

    /** Returns after a change in the watched directories, or after {@code atMost}. */
    void await(Duration atMost) throws InterruptedException {
        long millis = Math.max(1, atMost.toMillis());
        if (watcher == null) {
            Thread.sleep(millis);
            return;
        }
        try {
            WatchKey key = watcher.poll(millis, TimeUnit.MILLISECONDS);
            while (key != null) {
                key.pollEvents();
                key.reset();
                key = watcher.poll(); // drain what came together
            }
        } catch (ClosedWatchServiceException e) {
            Thread.sleep(millis);
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException ignored) {
                // closing a watcher releases an inotify instance; nothing to do if it fails
            }
        }
    }
}
