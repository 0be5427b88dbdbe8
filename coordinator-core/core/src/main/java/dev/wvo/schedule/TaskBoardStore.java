package dev.wvo.schedule;

import java.util.List;
import java.util.function.Function;

/**
 * The roadmap as the scheduler uses it: transactions, each of which reads, applies and writes
 * under the roadmap lock, and reads, which take no lock.
 */
public interface TaskBoardStore {

    /** Runs {@code change} on the current roadmap and writes what it changed, atomically and fenced, with what it logged. */
    <T> T update(Function<TaskBoard, T> change);

    /**
     * Every task as the roadmap holds it now, read without the lock (the file is only ever
     * replaced whole): for looks that decide nothing a transaction does not check again.
     */
    List<TaskState> tasks();

    /**
     * A top-level setting of the roadmap ({@code pipeline:}) as it is now, or null: a look that a
     * transaction need not repeat. Stores that can read without the lock do so.
     */
    default Object setting(String key) {
        return update(board -> board.setting(key));
    }
}
