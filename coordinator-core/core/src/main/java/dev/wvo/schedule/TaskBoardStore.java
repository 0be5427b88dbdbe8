package dev.wvo.schedule;

import java.util.function.Function;

/** Transactions over the roadmap: each {@code update} reads, applies and writes under the roadmap lock. */
public interface TaskBoardStore {

    /** Runs {@code change} on the current roadmap and writes what it changed, atomically and fenced. */
    <T> T update(Function<TaskBoard, T> change);
}
