package dev.wvo.schedule;

import dev.wvo.lock.LockHandle;
import dev.wvo.spi.TaskView;

import java.util.List;

/**
 * A task claimed by a worker, with the ownership locks it holds while it runs. Closing it
 * releases those locks ({@link Scheduler#complete} does, whatever becomes of the completion).
 *
 * @param isolated  claimed without its ownership locks, because its ownership overlaps a running
 *                  task's: it must run in a worktree of its own ({@link ClaimRules#isolateOverlaps})
 * @param stackedOn the branch of an unmerged dependency to start from, or null to start from the target
 * @param agent     the backend the claim named to run it with, or null
 * @param pipeline  the roadmap's default pipeline (its top-level {@code pipeline:}) as the claim's
 *                  transaction read it, or null: an attempt without a pipeline anywhere need not
 *                  read the roadmap again to find out
 */
public record ClaimedTask(TaskView task, Claim claim, List<LockHandle> ownership, boolean isolated, String stackedOn,
                          String agent, Object pipeline) implements AutoCloseable {

    public ClaimedTask {
        ownership = List.copyOf(ownership);
    }

    /** True while every ownership lock is still held; a worker whose locks were lost must stop. */
    public boolean holdsOwnership() {
        return ownership.stream().allMatch(LockHandle::isValid);
    }

    @Override
    public void close() {
        ownership.forEach(LockHandle::release);
    }
}
