package dev.wvo.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A running tail of the event log, started by {@link EventReader#follow}. It wakes on the file
 * system's change notices for the log's directory and, because notices can be late (macOS polls
 * every few seconds) or missing (network file systems), also every poll interval.
 * {@link #close()} stops it; {@link #await()} blocks until then, which is what a command in the
 * foreground does.
 */
public final class EventFollower implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventFollower.class);

    private final Path file;
    private final LineScanner scanner;
    private final Duration pollInterval;
    private final LineScanner.LineConsumer onLine;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final WatchService watcher;
    private final Thread thread;

    private EventFollower(Path file, LineScanner scanner, Duration pollInterval, LineScanner.LineConsumer onLine) {
        this.file = file;
        this.scanner = scanner;
        this.pollInterval = pollInterval;
        this.onLine = onLine;
        this.watcher = watch(file.toAbsolutePath().getParent());
        this.thread = new Thread(this::run, "wvo-events-follow");
        this.thread.setDaemon(true);
    }

    static EventFollower start(Path file, LineScanner scanner, Duration pollInterval, LineScanner.LineConsumer onLine) {
        EventFollower follower = new EventFollower(file, scanner, pollInterval, onLine);
        follower.thread.start();
        return follower;
    }

    /** True until the follower has stopped (closed, or failed in a consumer). */
    public boolean isRunning() {
        return stopped.getCount() > 0;
    }

    /**
     * Blocks until the follower stops.
     *
     * @throws RuntimeException the exception a consumer threw, if that is why it stopped
     * @throws InterruptedException if this thread is interrupted while waiting
     */
    public void await() throws InterruptedException {
        stopped.await();
        RuntimeException cause = failure.get();
        if (cause != null) {
            throw cause;
        }
    }

    /** Stops following and waits for the follower's thread to finish. */
    @Override
    public void close() {
        closed.countDown();
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                LOG.debug("Closing the watch on {} failed", file, e);
            }
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (closed.getCount() > 0) {
                readNewLines();
                waitForChange();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            stopped.countDown();
        }
    }

    private void readNewLines() {
        try {
            scanner.scan((number, text) -> {
                if (closed.getCount() == 0) {
                    return;
                }
                onLine.accept(number, text);
            });
        } catch (IOException e) {
            // A transient failure (the file replaced under us, a network hiccup): try again next round.
            LOG.warn("Cannot read the event log {}: {}; retrying", file, e.getMessage());
        }
    }

    private void waitForChange() throws InterruptedException {
        if (watcher == null) {
            closed.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
            return;
        }
        try {
            WatchKey key = watcher.poll(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
            if (key != null) {
                // Any change in the directory is cause enough to look: the scan itself is cheap.
                key.pollEvents();
                key.reset();
            }
        } catch (ClosedWatchServiceException e) {
            closed.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private static WatchService watch(Path directory) {
        if (directory == null) {
            return null;
        }
        WatchService service = null;
        try {
            service = FileSystems.getDefault().newWatchService();
            directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            return service;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("No change notices for {} ({}); polling instead", directory, e.getMessage());
            closeQuietly(service);
            return null;
        }
    }

    private static void closeQuietly(WatchService service) {
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("Closing an unused watch service failed", e);
        }
    }
}
