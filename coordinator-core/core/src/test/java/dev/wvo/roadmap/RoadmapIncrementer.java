package dev.wvo.roadmap;

import dev.wvo.fs.StateDir;

import dev.wvo.lock.FileLockManager;
import java.nio.file.Path;

/**
 * Child JVM for {@link RoadmapStoreProcessTest}: increments a task's {@code counter} field N
 * times through {@link RoadmapStore#update}. Arguments: roadmap file, locks directory, task id, N.
 */
public final class RoadmapIncrementer {

    private RoadmapIncrementer() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        Path locksDir = Path.of(args[1]);
        StateDir state = new StateDir(file.getParent());
        String id = args[2];
        int times = Integer.parseInt(args[3]);
        try (FileLockManager locks = FileLockManager.builder(locksDir).owner("incrementer").build()) {
            RoadmapStore store = new RoadmapStore(state, locks);
            for (int i = 0; i < times; i++) {
                store.update((roadmap, editor, log) -> {
                    RoadmapTask task = roadmap.tasks().stream().filter(t -> id.equals(t.id())).findFirst()
                            .orElseThrow();
                    Object counter = task.fields().get("counter");
                    int current = counter == null ? 0 : Integer.parseInt(counter.toString());
                    editor.set(task, "counter", current + 1);
                    return null;
                });
            }
        }
    }
}
