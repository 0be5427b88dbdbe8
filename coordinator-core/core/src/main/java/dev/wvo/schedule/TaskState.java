package dev.wvo.schedule;

import dev.wvo.spi.TaskView;

import java.util.List;
import java.util.Objects;

/**
 * What the scheduler needs to know of one task, taken from the roadmap.
 *
 * @param view        the task as plugins see it (id, status, dependencies, ownership, ...)
 * @param attempts    attempts already made
 * @param maxAttempts attempts allowed before the task stops for good (blocked for a person; failed when its last worker died)
 * @param claim       the current claim, or null
 * @param problems    roadmap problems of this entry (duplicate id, unknown dependency, cycle,
 *                    unknown status); a task with problems is never run until they are fixed
 * @param fileOrder   the task's position in the roadmap file, from 0
 */
public record TaskState(TaskView view, int attempts, int maxAttempts, Claim claim, List<String> problems,
                        int fileOrder) implements JudgedTask {

    public TaskState {
        Objects.requireNonNull(view, "view");
        problems = List.copyOf(problems);
    }

    @Override
    public String id() {
        return view.id();
    }

    @Override
    public String status() {
        return view.status();
    }

    @Override
    public List<String> dependencies() {
        return view.dependencies();
    }

    @Override
    public List<String> owns() {
        return view.owns();
    }

    @Override
    public boolean readonly() {
        return view.readonly();
    }

    @Override
    public String merge() {
        return text(view.extra().get("merge"));
    }

    @Override
    public String branch() {
        return text(view.extra().get("branch"));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
