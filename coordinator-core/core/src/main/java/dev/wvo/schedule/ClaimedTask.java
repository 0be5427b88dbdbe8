package dev.wvo.schedule;

import dev.wvo.lock.LockHandle;
import dev.wvo.spi.TaskView;

import java.util.List;

/**
 * A task claimed by a worker, with the ownership locks it holds while it runs. Closing it
 * releases those locks (completing the task is separate: {@link Scheduler#complete}).
 */
public record ClaimedTask(TaskView task, Claim claim, List<LockHandle> ownership) implements AutoCloseable {

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
