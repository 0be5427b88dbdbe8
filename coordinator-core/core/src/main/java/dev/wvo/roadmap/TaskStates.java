package dev.wvo.roadmap;

import dev.wvo.schedule.Runnability;
import dev.wvo.schedule.TaskState;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Each task's state as the scheduler judges it, in file order, and the positions of the tasks
 * that hold a claim: what a claim reads of a roadmap of 10,000 tasks without looking at each of
 * them. A roadmap makes them once; a roadmap read by a splice makes anew only the states of the
 * tasks the splice read again ({@link #withReadAgain}), when every task has the problems it had
 * (a move changes no state, and no other task's problems changed).
 */
final class TaskStates {

    private final TaskState[] all;
    /** The positions of the tasks that hold a claim ({@link Runnability#holdsOwnership}), ascending. */
    private final int[] holding;

    private TaskStates(TaskState[] all, int[] holding) {
        this.all = all;
        this.holding = holding;
    }

    /** The states of {@code tasks}, each as {@code stateOf} judges it. */
    static TaskStates of(List<RoadmapTask> tasks, Function<RoadmapTask, TaskState> stateOf) {
        TaskState[] all = new TaskState[tasks.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = stateOf.apply(tasks.get(i));
        }
        int[] found = new int[all.length];
        int count = 0;
        for (int i = 0; i < all.length; i++) {
            if (Runnability.holdsOwnership(all[i])) {
                found[count++] = i;
            }
        }
        return new TaskStates(all, Arrays.copyOf(found, count));
    }

    List<TaskState> all() {
        return Collections.unmodifiableList(Arrays.asList(all));
    }

    List<TaskState> claimed() {
        TaskState[] claimed = new TaskState[holding.length];
        for (int i = 0; i < claimed.length; i++) {
            claimed[i] = all[holding[i]];
        }
        return List.of(claimed);
    }

    /**
     * These states with those of the tasks at {@code again} (ascending) made anew from {@code tasks}
     * by {@code stateOf}: for a roadmap whose every task has the problems it had before.
     */
    TaskStates withReadAgain(MovedTasks tasks, int[] again, Function<RoadmapTask, TaskState> stateOf) {
        if (again.length == 0) {
            return this;
        }
        TaskState[] now = all.clone();
        for (int k : again) {
            now[k] = stateOf.apply(tasks.get(k));
        }
        // the claims held before but where the tasks read again are, and the tasks read again that hold one
        int[] merged = new int[holding.length + again.length];
        int count = 0;
        int h = 0;
        for (int k : again) {
            while (h < holding.length && holding[h] < k) {
                merged[count++] = holding[h++];
            }
            if (h < holding.length && holding[h] == k) {
                h++;
            }
            if (Runnability.holdsOwnership(now[k])) {
                merged[count++] = k;
            }
        }
        while (h < holding.length) {
            merged[count++] = holding[h++];
        }
        return new TaskStates(now, Arrays.copyOf(merged, count));
    }
}
