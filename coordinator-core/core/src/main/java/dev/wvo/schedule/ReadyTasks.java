package dev.wvo.schedule;

import java.util.Arrays;
import java.util.List;

/**
 * The tasks that may be runnable at a claim, judged again at the next claim only where something
 * changed: how a claim on a roadmap of 10,000 tasks avoids judging every one of them.
 *
 * <p>Whether a task waits for something other than ownership ({@link Runnability#blockingKind}:
 * a problem, its status, its attempts, its dependencies) depends on its own state and on the
 * states of the tasks its dependencies name, and on nothing else. So while no task's id or
 * dependencies change (the same {@link TaskOrder} graph), a task keeps its verdict unless it or
 * a task of an id it depends on is a different {@link TaskState} now: states are values, and
 * the roadmap keeps the same one for a task whose text did not change. Ownership depends on
 * every task in progress; the claim judges it, with everything else again, for the tasks kept
 * here only. A verdict kept wrongly could only hide a runnable task; the rule above never keeps
 * one whose inputs changed.
 *
 * <p>{@code tasks} are always those {@code order} was made of: which of them changed since the
 * previous claim's is what the order found when it was made from that claim's order.
 */
final class ReadyTasks {

    private final List<TaskState> tasks;
    private final TaskOrder order;
    private final boolean stackOnQueued;
    /** Per position: false when the task waits for something other than ownership. */
    private final boolean[] maybe;

    private ReadyTasks(List<TaskState> tasks, TaskOrder order, boolean stackOnQueued, boolean[] maybe) {
        this.tasks = tasks;
        this.order = order;
        this.stackOnQueued = stackOnQueued;
        this.maybe = maybe;
    }

    /**
     * The tasks of {@code tasks} that may be runnable, from the verdicts of {@code previous} (of an
     * earlier claim by the same rules, or null) where they still hold.
     */
    static ReadyTasks of(List<TaskState> tasks, Runnability runnability, TaskOrder order, boolean stackOnQueued,
                         ReadyTasks previous) {
        int n = tasks.size();
        if (previous == null || !order.sameGraph(previous.order) || previous.stackOnQueued != stackOnQueued
                || previous.tasks.size() != n) {
            boolean[] maybe = new boolean[n];
            for (int i = 0; i < n; i++) {
                maybe[i] = waitsAtMostForOwnership(tasks.get(i), runnability);
            }
            return new ReadyTasks(tasks, order, stackOnQueued, maybe);
        }
        boolean[] maybe = previous.maybe.clone();
        // the order knows which tasks are not the same when it was made from the previous one's (a claim's)
        int[] changed = order.changedSince(previous.order);
        if (changed != null) {
            for (int i : changed) {
                judgeAgain(i, tasks, runnability, order, maybe);
            }
        } else {
            for (int i = 0; i < n; i++) {
                if (tasks.get(i) != previous.tasks.get(i)) {
                    judgeAgain(i, tasks, runnability, order, maybe);
                }
            }
        }
        return new ReadyTasks(tasks, order, stackOnQueued, maybe);
    }

    /** Judges again the task at {@code i}, which changed, and the tasks that depend on its id. */
    private static void judgeAgain(int i, List<TaskState> tasks, Runnability runnability, TaskOrder order, boolean[] maybe) {
        maybe[i] = waitsAtMostForOwnership(tasks.get(i), runnability);
        order.forEachDependent(i, j -> maybe[j] = waitsAtMostForOwnership(tasks.get(j), runnability));
    }

    /** The positions of the tasks that may be runnable, ascending: what {@link TaskOrder#inOrder(int[])} orders. */
    int[] positions() {
        int[] found = new int[maybe.length];
        int count = 0;
        for (int i = 0; i < maybe.length; i++) {
            if (maybe[i]) {
                found[count++] = i;
            }
        }
        return Arrays.copyOf(found, count);
    }

    private static boolean waitsAtMostForOwnership(TaskState task, Runnability runnability) {
        return runnability.blockingKind(task).map(kind -> kind == Blocker.Kind.OWNERSHIP).orElse(true);
    }
}
