package dev.wvo.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The ranking that partition policies share: tasks whose key is among the preferred values come
 * first, in the order of preference (the scheduler's order kept within each value); the others
 * follow only when falling back is allowed.
 */
public final class PreferredFirst {

    private PreferredFirst() {
    }

    /**
     * @param candidates the scheduler's candidates, in its order
     * @param key        the partition key of a task (domain, epic), may return null
     * @param preferred  the preferred keys, best first; empty means no preference
     * @param fallback   whether tasks outside the preferred keys may follow
     */
    public static List<TaskView> rank(List<TaskView> candidates, Function<TaskView, String> key,
                                      List<String> preferred, boolean fallback) {
        if (preferred.isEmpty()) {
            return candidates;
        }
        List<TaskView> inside = new ArrayList<>();
        List<TaskView> outside = new ArrayList<>();
        for (TaskView task : candidates) {
            String value = key.apply(task); // immutable lists throw on contains(null)
            (value != null && preferred.contains(value) ? inside : outside).add(task);
        }
        inside.sort(Comparator.comparingInt(task -> preferred.indexOf(key.apply(task)))); // stable sort
        if (fallback) {
            inside.addAll(outside);
        }
        return inside;
    }
}
