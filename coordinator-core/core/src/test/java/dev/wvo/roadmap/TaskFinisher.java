package dev.wvo.roadmap;

import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** A child JVM: marks one task done in one roadmap transaction that logs its {@code complete} event. */
public final class TaskFinisher {

    private TaskFinisher() {
    }

    public static void main(String[] args) {
        StateDir state = new StateDir(Path.of(args[0]));
        String id = args[1];
        try (FileLockManager locks = FileLockManager.builder(state.locks()).owner("finisher").build()) {
            new RoadmapStore(state, locks).update((roadmap, editor, log) -> {
                editor.set(roadmap.task(id).orElseThrow(), "status", "done");
                log.accept(Event.of(Clock.systemUTC(), EventType.COMPLETE, "finisher", id, 1, Map.of("status", "done")));
                return null;
            });
        }
    }
}
