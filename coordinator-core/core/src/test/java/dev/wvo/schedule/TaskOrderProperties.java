package dev.wvo.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.wvo.spi.TaskView;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The ordering's "unblocks" count is the number of distinct unfinished tasks that depend on a task,
 * directly or not, capped: checked against a plain walk over ids, on roadmaps with duplicate ids,
 * unknown dependencies and cycles, and for an order made from an earlier one while tasks became
 * done or undone. The order itself is checked against a stable sort by comparators, also for
 * tasks given out of file order, with extreme priorities and with file positions shared, and read
 * one at a time (from a heap), partly then whole, or whole (sorted) it is the same order; so is
 * the order of tasks given by position, from the priorities an order made from the last one keeps.
 */
class TaskOrderProperties {

    record Spec(String id, List<Integer> deps, boolean done) {
    }

    @Property(tries = 300)
    void unblocks_countsDistinctUnfinishedDependents_andAnOrderMadeFromTheLastAgrees(
            @ForAll("roadmaps") List<Spec> specs, @ForAll("flips") List<Integer> flips) {
        List<TaskState> tasks = states(specs);
        TaskOrder order = new TaskOrder(tasks);
        assertAgrees(order, tasks);
        for (int flip : flips) {
            int at = flip % specs.size();
            Spec s = specs.get(at);
            List<Spec> changed = new ArrayList<>(specs);
            changed.set(at, new Spec(s.id(), s.deps(), !s.done()));
            specs = changed;
            List<TaskState> now = states(specs);
            // the same views for the tasks that did not change, as a re-read roadmap gives them
            for (int i = 0; i < now.size(); i++) {
                if (i != at) {
                    now.set(i, tasks.get(i));
                }
            }
            order = TaskOrder.of(now, order);
            assertAgrees(order, now);
            tasks = now;
        }
    }

    @Property(tries = 50)
    void theCountStopsAtTheCap(@ForAll @IntRange(min = 201, max = 400) int chain) {
        List<Spec> specs = new ArrayList<>();
        for (int i = 0; i < chain; i++) {
            specs.add(new Spec("T" + i, i == 0 ? List.of() : List.of(i - 1), false));
        }
        TaskOrder order = new TaskOrder(states(specs));
        assertThat(order.unblocks("T0")).isEqualTo(TaskOrder.UNBLOCKS_CAP);
        assertThat(order.unblocks("T" + (chain - 1))).isZero();
    }

    @Property(tries = 300)
    void sort_ordersByPriorityThenUnblocksThenFileOrder_likeAStableComparatorSort(
            @ForAll("roadmaps") List<Spec> specs, @ForAll("priorities") List<Integer> priorities,
            @ForAll("fileOrders") List<Integer> fileOrders) {
        List<TaskState> tasks = new ArrayList<>();
        List<TaskState> plain = states(specs);
        for (int i = 0; i < plain.size(); i++) {
            TaskState t = plain.get(i);
            TaskView view = TaskView.builder(t.id()).title(t.id()).status(t.status())
                    .dependencies(t.view().dependencies()).priority(priorities.get(i % priorities.size())).build();
            tasks.add(new TaskState(view, 0, 3, null, List.of(), fileOrders.get(i % fileOrders.size())));
        }
        TaskOrder order = new TaskOrder(tasks);
        List<TaskState> expected = new ArrayList<>(tasks);
        expected.sort(Comparator.comparingInt((TaskState t) -> t.view().priority()).reversed()
                .thenComparing(Comparator.comparingInt((TaskState t) -> order.unblocks(t.id())).reversed())
                .thenComparingInt(TaskState::fileOrder));
        assertThat(order.sort(tasks)).containsExactlyElementsOf(expected);
    }

    @Property(tries = 300)
    void inOrder_readOneAtATimeOrPartlyThenWhole_givesTheSortedOrder(
            @ForAll("roadmaps") List<Spec> specs, @ForAll("priorities") List<Integer> priorities,
            @ForAll("fileOrders") List<Integer> fileOrders, @ForAll @IntRange(min = 0, max = 45) int taken) {
        List<TaskState> tasks = new ArrayList<>();
        List<TaskState> plain = states(specs);
        for (int i = 0; i < plain.size(); i++) {
            TaskState t = plain.get(i);
            TaskView view = TaskView.builder(t.id()).title(t.id()).status(t.status())
                    .dependencies(t.view().dependencies()).priority(priorities.get(i % priorities.size())).build();
            tasks.add(new TaskState(view, 0, 3, null, List.of(), fileOrders.get(i % fileOrders.size())));
        }
        TaskOrder order = new TaskOrder(tasks);
        List<TaskState> sorted = order.sort(tasks);

        List<TaskState> oneAtATime = new ArrayList<>();
        Iterator<TaskState> heap = order.inOrder(tasks).iterator();
        while (heap.hasNext()) {
            oneAtATime.add(heap.next());
        }
        assertThat(oneAtATime).containsExactlyElementsOf(sorted);

        List<TaskState> partly = new ArrayList<>();
        Iterator<TaskState> first = order.inOrder(tasks).iterator();
        for (int i = 0; i < taken && first.hasNext(); i++) {
            partly.add(first.next());
        }
        first.forEachRemaining(partly::add);
        assertThat(partly).containsExactlyElementsOf(sorted);

        int[] every = IntStream.range(0, tasks.size()).toArray();
        assertThat(order.inOrder(every).toList()).as("by position").containsExactlyElementsOf(sorted);
    }

    /**
     * An order made from the last one keeps each task's priority, and whether the tasks stand in file
     * order, for the tasks that changed: ordering some of them by position, as a claim does, gives
     * what sorting them gives, also when a changed task's priority or place in the file is another.
     */
    @Property(tries = 300)
    void inOrderOfPositions_inAnOrderMadeFromTheLast_givesTheSortedOrder(
            @ForAll("roadmaps") List<Spec> specs, @ForAll("flips") List<Integer> changes,
            @ForAll("priorities") List<Integer> priorities, @ForAll("fileOrders") List<Integer> fileOrders) {
        List<TaskState> tasks = states(specs);
        TaskOrder order = new TaskOrder(tasks);
        for (int c = 0; c < changes.size(); c++) {
            int at = changes.get(c) % tasks.size();
            TaskState t = tasks.get(at);
            int fileOrder = c % 2 == 0 ? t.fileOrder() : fileOrders.get(c % fileOrders.size());
            TaskView view = t.view().toBuilder().priority(priorities.get(c % priorities.size())).build();
            List<TaskState> now = new ArrayList<>(tasks);
            now.set(at, new TaskState(view, 0, 3, null, List.of(), fileOrder));
            order = TaskOrder.of(now, order);
            tasks = now;
            int[] some = IntStream.range(0, now.size()).filter(i -> (i + at) % 3 != 0).toArray();
            List<TaskState> picked = Arrays.stream(some).mapToObj(now::get).toList();
            assertThat(order.inOrder(some).toList()).as("by position").containsExactlyElementsOf(order.sort(picked));
        }
    }

    @Provide
    Arbitrary<List<Integer>> priorities() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-2, 2),
                Arbitraries.of(Integer.MIN_VALUE, Integer.MAX_VALUE, 0)).list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<Integer>> fileOrders() {
        return Arbitraries.integers().between(0, 50).list().ofMinSize(1).ofMaxSize(40);
    }

    private static void assertAgrees(TaskOrder order, List<TaskState> tasks) {
        for (TaskState t : tasks) {
            assertThat(order.unblocks(t.id())).as("unblocks of %s", t.id()).isEqualTo(reference(tasks, t.id()));
        }
    }

    /** The count as first written: a walk over ids through the dependents of unfinished tasks. */
    private static int reference(List<TaskState> tasks, String from) {
        Map<String, List<String>> dependents = new HashMap<>();
        for (TaskState t : tasks) {
            if (!Runnability.DONE.equals(t.status())) {
                for (String dep : t.view().dependencies()) {
                    dependents.computeIfAbsent(dep, k -> new ArrayList<>()).add(t.id());
                }
            }
        }
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(from, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (seen.add(next)) {
                todo.addAll(dependents.getOrDefault(next, List.of()));
            }
        }
        seen.remove(from);
        return Math.min(seen.size(), TaskOrder.UNBLOCKS_CAP);
    }

    private static List<TaskState> states(List<Spec> specs) {
        List<TaskState> states = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            List<String> deps = s.deps().stream().map(d -> d < specs.size() ? specs.get(d).id() : "unknown" + d).toList();
            TaskView view = TaskView.builder(s.id()).title(s.id()).status(s.done() ? "done" : "pending").dependencies(deps)
                    .build();
            states.add(new TaskState(view, 0, 3, null, List.of(), i));
        }
        return states;
    }

    @Provide
    Arbitrary<List<Spec>> roadmaps() {
        // ids from a small set, so that some repeat; dependencies anywhere, so that some form cycles
        Arbitrary<String> id = Arbitraries.integers().between(0, 40).map(i -> "T" + i);
        Arbitrary<List<Integer>> deps = Arbitraries.integers().between(0, 45).list().ofMaxSize(3);
        return Combinators.combine(id, deps, Arbitraries.of(true, false)).as(Spec::new).list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Integer>> flips() {
        return Arbitraries.integers().between(0, 1000).list().ofMaxSize(6);
    }
}
