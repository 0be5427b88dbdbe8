package dev.wvo.schedule;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order in which runnable tasks are offered: higher priority first; then the task that
 * unblocks more work (how many unfinished tasks depend on it, directly or not, counted up to
 * {@link #UNBLOCKS_CAP}); then file order.
 */
public final class TaskOrder {

    /**
     * Beyond this many dependents two tasks count as equally unblocking. Counting every
     * transitive dependent of every task is quadratic; with the cap, ordering a 10,000-task
     * roadmap stays in milliseconds, and the order only changes among tasks that each unblock
     * this much work already.
     */
    public static final int UNBLOCKS_CAP = 200;

    private final Map<String, List<String>> dependents = new HashMap<>();
    private final Map<String, Integer> unblocks = new HashMap<>();

    public TaskOrder(Collection<TaskState> tasks) {
        for (TaskState t : tasks) {
            if (!Runnability.DONE.equals(t.status())) {
                for (String dep : t.view().dependencies()) {
                    dependents.computeIfAbsent(dep, k -> new java.util.ArrayList<>()).add(t.id());
                }
            }
        }
    }

    /** How many unfinished tasks wait on this one, directly or through others (at most the cap); computed when first asked. */
    public int unblocks(String id) {
        return unblocks.computeIfAbsent(id, this::reachable);
    }

    public Comparator<TaskState> comparator() {
        return Comparator.comparingInt((TaskState t) -> t.view().priority()).reversed()
                .thenComparing(Comparator.comparingInt((TaskState t) -> unblocks(t.id())).reversed())
                .thenComparingInt(TaskState::fileOrder);
    }

    private int reachable(String from) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(from, List.of()));
        while (!todo.isEmpty() && seen.size() <= UNBLOCKS_CAP) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(dependents.getOrDefault(next, List.of()));
            }
        }
        seen.remove(from); // a cycle back to the task itself unblocks nothing
        return Math.min(seen.size(), UNBLOCKS_CAP);
    }
}
