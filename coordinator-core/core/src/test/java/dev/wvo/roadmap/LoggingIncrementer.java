package dev.wvo.roadmap;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.GuardBusyException;
import dev.wvo.lock.LockLostException;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM of {@link PausedAndKilledWritersStressTest}: increments the {@code counter} of task
 * {@code C} through {@link RoadmapStore#update} until the file {@code stop} exists, and logs each
 * outcome as one line of its own log, one {@code write} each: {@code done <value written>} after a
 * transaction that returned, {@code lost} after one that found its lock gone (nothing written),
 * {@code busy} after one that could not take the lock in time.
 * Arguments: state directory, lease in milliseconds, log file.
 */
public final class LoggingIncrementer {

    private LoggingIncrementer() {
    }

    public static void main(String[] args) throws IOException {
        StateDir state = new StateDir(Path.of(args[0]));
        Duration lease = Duration.ofMillis(Long.parseLong(args[1]));
        try (FileLockManager locks = FileLockManager.builder(state.locks()).lease(lease).build();
             FileOutputStream log = new FileOutputStream(args[2], true)) {
            RoadmapStore store = new RoadmapStore(state, locks);
            while (!Files.exists(state.root().resolve("stop"))) {
                String line;
                try {
                    int written = store.update((roadmap, editor, events) -> {
                        RoadmapTask task = roadmap.task("C").orElseThrow();
                        Object counter = task.fields().get("counter");
                        int next = (counter == null ? 0 : Integer.parseInt(counter.toString())) + 1;
                        editor.set(task, "counter", next);
                        return next;
                    });
                    line = "done " + written + "\n";
                } catch (LockLostException e) {
                    line = "lost\n";
                } catch (GuardBusyException | IllegalStateException e) {
                    line = "busy\n"; // the roadmap's lock or guard stayed held: by a writer the test stopped
                }
                log.write(line.getBytes(StandardCharsets.US_ASCII));
            }
        }
    }
}
