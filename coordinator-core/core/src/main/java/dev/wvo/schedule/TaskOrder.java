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
 * unblocks more work (how many unfinished tasks depend on it, directly or not); then file order.
 */
public final class TaskOrder {

    private final Map<String, Integer> unblocks = new HashMap<>();

    public TaskOrder(Collection<TaskState> tasks) {
        Map<String, List<String>> dependents = new HashMap<>();
        for (TaskState t : tasks) {
            if (!Runnability.DONE.equals(t.status())) {
                for (String dep : t.view().dependencies()) {
                    dependents.computeIfAbsent(dep, k -> new java.util.ArrayList<>()).add(t.id());
                }
            }
        }
        for (TaskState t : tasks) {
            unblocks.put(t.id(), reachable(t.id(), dependents));
        }
    }

    /** How many unfinished tasks wait on this one, directly or through others. */
    public int unblocks(String id) {
        return unblocks.getOrDefault(id, 0);
    }

    public Comparator<TaskState> comparator() {
        return Comparator.comparingInt((TaskState t) -> t.view().priority()).reversed()
                .thenComparing(Comparator.comparingInt((TaskState t) -> unblocks(t.id())).reversed())
                .thenComparingInt(TaskState::fileOrder);
    }

    private static int reachable(String from, Map<String, List<String>> dependents) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(from, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(dependents.getOrDefault(next, List.of()));
            }
        }
        seen.remove(from); // a cycle back to the task itself unblocks nothing
        return seen.size();
    }
}
