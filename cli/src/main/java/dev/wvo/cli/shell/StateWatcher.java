package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the full-screen view when what it shows may have changed, so that it reads the state
 * when the state changes rather than on a fixed poll: the state directory (roadmap, events,
 * rate limits), the worker records, the merge queue, and the attempt directory of the agent whose
 * output is followed. Through the file system's own notification (inotify on Linux).
 */
public final class StateWatcher implements AutoCloseable {

    /** What changed: the state the snapshot reads, or only agent output. */
    public interface Listener {
        void stateChanged();

        void outputChanged();
    }

    /** Files of the state directory that no view shows: their changes wake nobody. */
    private static final Set<String> UNSHOWN = Set.of(".shell-history", "context.md");

    private final WatchService service;
    private final StateDir state;
    private final Listener listener;
    private final Map<WatchKey, Path> stateKeys = new ConcurrentHashMap<>();
    private final Map<Path, WatchKey> outputKeys = new ConcurrentHashMap<>();
    private final Thread thread;

    public StateWatcher(StateDir state, Listener listener) throws IOException {
        this.service = FileSystems.getDefault().newWatchService();
        this.state = state;
        this.listener = listener;
        watchStateDirectories();
        thread = new Thread(this::run, "wvo-shell-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** The state directory and those of its folders a view shows; folders made later are added when they appear. */
    private void watchStateDirectories() {
        for (Path dir : new Path[]{state.root(), state.workers(), state.mergeQueue()}) {
            if (Files.isDirectory(dir) && !stateKeys.containsValue(dir)) {
                register(dir).ifPresent(k -> stateKeys.put(k, dir));
            }
        }
    }

    /** Watches exactly these attempt directories for new output. */
    public void watchOutput(Collection<Path> attemptDirs) {
        outputKeys.keySet().removeIf(dir -> {
            if (attemptDirs.contains(dir)) {
                return false;
            }
            outputKeys.get(dir).cancel();
            return true;
        });
        for (Path dir : attemptDirs) {
            if (!outputKeys.containsKey(dir) && Files.isDirectory(dir)) {
                register(dir).ifPresent(k -> outputKeys.put(dir, k));
            }
        }
    }

    private Optional<WatchKey> register(Path dir) {
        try {
            return Optional.of(dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
        } catch (IOException | ClosedWatchServiceException e) {
            return Optional.empty(); // removed meanwhile, or closing: the slow re-read still catches up
        }
    }

    private void run() {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean stateChanged = false;
                boolean outputChanged = false;
                for (var event : key.pollEvents()) {
                    Object name = event.context();
                    if (stateKeys.containsKey(key)) {
                        stateChanged |= !(name instanceof Path p && (UNSHOWN.contains(p.toString())
                                || p.toString().endsWith(".log")));
                    } else {
                        outputChanged = true;
                    }
                }
                key.reset();
                if (stateChanged) {
                    watchStateDirectories();
                    listener.stateChanged();
                }
                if (outputChanged) {
                    listener.outputChanged();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed: the view has ended
        }
    }

    @Override
    public void close() throws IOException {
        service.close();
        thread.interrupt();
    }
}
