package dev.wvo.spi;

import org.pf4j.ExtensionPoint;

import java.util.List;

/**
 * Decides which runnable tasks a worker may take, and in which order. The scheduler hands it the
 * candidates already ordered by priority, unblocking power and file order; the policy filters
 * and re-ranks them for one worker. It must be a pure function of its arguments: several workers
 * call it concurrently, and the scheduler takes the first returned task that it can claim.
 */
public interface PartitionPolicy extends ExtensionPoint {

    /** The name users select the policy by ({@code domain}, {@code epic}). */
    String name();

    /**
     * @param options    the worker's options
     * @param candidates runnable tasks in the scheduler's order
     * @return the tasks this worker may take, best first; a subset of {@code candidates}
     */
    List<TaskView> select(WorkerOptions options, List<TaskView> candidates);
}
