package dev.wvo.schedule;

import dev.wvo.spi.TaskView;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The order in which runnable tasks are offered: higher priority first; then the task that
 * unblocks more work (how many unfinished tasks depend on it, directly or not, counted up to
 * {@link #UNBLOCKS_CAP}); then file order.
 *
 * <p>Every claim orders afresh, so the order is cheap to make on a roadmap of thousands of tasks.
 * Which task depends on which is kept as arrays, and kept from one claim to the next while no
 * task's id or dependencies change (claims and completions change neither); whether a task is done
 * is looked at again only for the tasks whose state changed. A task's count is walked only when a
 * runnable task is sorted, at most {@link #UNBLOCKS_CAP} steps, and kept until a task it depends on
 * becomes done or undone. An order and those made from it are used by one claim at a time (the
 * roadmap lock's).
 */
public final class TaskOrder {

    /**
     * Beyond this many dependents two tasks count as equally unblocking. Counting every
     * transitive dependent of every task is quadratic; with the cap, ordering a 10,000-task
     * roadmap stays in milliseconds, and the order only changes among tasks that each unblock
     * this much work already.
     */
    public static final int UNBLOCKS_CAP = 200;

    private final Graph graph;
    private final boolean[] done;
    /** Per position: whether the task is in progress under a claim ({@link Runnability#holdsOwnership}), kept as the done flags are. */
    private final boolean[] running;
    /** Each id's count, -1 until it is asked for. */
    private final int[] unblocks;
    /** The tasks this order was made of: an order made from this one looks again only at those that are not the same. */
    private final TaskState[] states;
    /**
     * Per position: the task's priority, kept as the done flags are, so that ordering the runnable
     * tasks of a claim ({@link #inOrder(int[])}) reads no task: reading ~3,000 views scattered over
     * the heap was most of a claim's ordering.
     */
    private final int[] priority;
    /** Whether the tasks' file order is their order here, as a roadmap's are. */
    private final boolean filed;
    /** This order, told apart from others; and the order it was made from ({@link #of}), or 0. */
    private final long serial = SERIALS.incrementAndGet();
    private final long madeFrom;
    /** The positions whose task is not the same as in the order this one was made from; null if made anew. */
    private final int[] changed;

    private static final AtomicLong SERIALS = new AtomicLong();

    private TaskOrder(Graph graph, boolean[] done, boolean[] running, int[] unblocks, TaskState[] states, int[] priority,
                      boolean filed, long madeFrom, int[] changed) {
        this.graph = graph;
        this.done = done;
        this.running = running;
        this.unblocks = unblocks;
        this.states = states;
        this.priority = priority;
        this.filed = filed;
        this.madeFrom = madeFrom;
        this.changed = changed;
    }

    /** The order of {@code tasks}. */
    public TaskOrder(List<TaskState> tasks) {
        this(new Graph(tasks), doneOf(tasks), runningOf(tasks), unknown(tasks.size()), tasks.toArray(new TaskState[0]),
                priorityOf(tasks), isFiled(tasks), 0, null);
    }

    /**
     * The order of {@code tasks}, reusing what {@code previous} (the order of an earlier read of the
     * same roadmap, or null) knows, as far as it still holds. The roadmap keeps the state of a task
     * that did not change, so a task that is the same state as before is not looked at: reading
     * the status of all 10,000 tasks, scattered over the heap, was a millisecond per claim.
     */
    public static TaskOrder of(List<TaskState> tasks, TaskOrder previous) {
        if (previous == null || tasks.size() != previous.states.length) {
            return new TaskOrder(tasks);
        }
        TaskState[] states = tasks.toArray(new TaskState[0]);
        boolean[] done = previous.done.clone();
        boolean[] running = previous.running.clone();
        int[] priority = previous.priority.clone();
        int[] changed = new int[8];
        int count = 0;
        boolean doneChanged = false;
        boolean filed = previous.filed;
        for (int i = 0; i < states.length; i++) {
            if (states[i] != previous.states[i]) {
                if (!previous.graph.fits(i, states[i].view())) {
                    return new TaskOrder(tasks);
                }
                done[i] = isDone(states[i]);
                running[i] = Runnability.holdsOwnership(states[i]);
                priority[i] = states[i].view().priority();
                filed &= states[i].fileOrder() == previous.states[i].fileOrder();
                doneChanged |= done[i] != previous.done[i];
                if (count == changed.length) {
                    changed = Arrays.copyOf(changed, count * 2);
                }
                changed[count++] = i;
            }
        }
        changed = Arrays.copyOf(changed, count);
        if (previous.filed && !filed) {
            filed = isFiled(Arrays.asList(states));
        }
        if (!doneChanged) {
            return new TaskOrder(previous.graph, done, running, previous.unblocks, states, priority, filed, previous.serial,
                    changed);
        }
        // A count walks only the dependents of the tasks it counts from, so a task that became done
        // or undone changes the counts of the tasks it depends on, directly or not, and no others.
        int[] unblocks = previous.unblocks.clone();
        for (int i : changed) {
            if (done[i] != previous.done[i]) {
                previous.graph.forgetAncestors(i, unblocks);
            }
        }
        return new TaskOrder(previous.graph, done, running, unblocks, states, priority, filed, previous.serial, changed);
    }

    /**
     * The positions whose task is not the same as in {@code earlier}, when this order was made from
     * it ({@link #of}); else null, and every position must be looked at.
     */
    int[] changedSince(TaskOrder earlier) {
        return earlier != null && madeFrom == earlier.serial ? changed : null;
    }

    /** How many unfinished tasks wait on this one, directly or through others (at most the cap); computed when first asked. */
    public int unblocks(String id) {
        Integer node = graph.nodes.get(id);
        return node == null ? 0 : unblocksOf(node);
    }

    /**
     * {@link #unblocks(String)} of a task: found by its place when it is one this order was made
     * of (the same object at its file order's position), without hashing its id.
     */
    private int unblocks(TaskState task) {
        int position = task.fileOrder();
        if (position >= 0 && position < states.length && states[position] == task) {
            return unblocksOf(graph.nodeOf[position]);
        }
        return unblocks(task.id());
    }

    private int unblocksOf(int node) {
        if (unblocks[node] < 0) {
            unblocks[node] = graph.reachable(node, done);
        }
        return unblocks[node];
    }

    /** Whether this order and {@code other} were made of the same ids and dependencies (one was made from the other). */
    boolean sameGraph(TaskOrder other) {
        return other != null && other.graph == graph;
    }

    /** The task of {@code tasks} (those this order was made of) that stands for {@code id}: the first with it; null if none has it. */
    TaskState first(List<TaskState> tasks, String id) {
        Integer node = graph.nodes.get(id);
        return node == null ? null : tasks.get(graph.firstOf[node]);
    }

    /**
     * The tasks of {@code tasks} (those this order was made of) in progress under a claim, in file
     * order: from the kept flags, instead of reading the status of all 10,000 tasks at every claim.
     */
    List<TaskState> inProgress(List<TaskState> tasks) {
        List<TaskState> inProgress = new ArrayList<>();
        for (int i = 0; i < running.length; i++) {
            if (running[i]) {
                inProgress.add(tasks.get(i));
            }
        }
        return inProgress;
    }

    /** Calls {@code action} with the position of every task that names the id of the task at {@code position} as a dependency. */
    void forEachDependent(int position, IntConsumer action) {
        int node = graph.nodeOf[position];
        for (int e = graph.first[node]; e < graph.first[node + 1]; e++) {
            action.accept(graph.dependents[e]);
        }
    }

    /**
     * {@code tasks} in this order; tasks equal in all three keep their order in {@code tasks}. Each
     * task's keys are packed into one {@code long} and the longs sorted, rather than boxed
     * positions compared through a chain of comparators: of the ~3,000 runnable tasks of a
     * 10,000-task roadmap that cost a millisecond per claim in C1-compiled code.
     */
    public List<TaskState> sort(List<TaskState> tasks) {
        return inOrder(tasks).toList();
    }

    /**
     * {@link #sort} as a stream that orders only as far as it is read: taken one at a time (its
     * iterator), it yields the tasks from a heap of their keys, so that a worker without a policy,
     * which claims the first task it can, pays for a heap of the ~3,000 runnable tasks and a few
     * pops instead of sorting them all; read whole, it sorts them.
     */
    Stream<TaskState> inOrder(List<TaskState> tasks) {
        long[] keys = keys(tasks.size());
        int[] byFile = inFileOrder(tasks);
        for (int rank = 0; rank < keys.length; rank++) {
            TaskState t = tasks.get(byFile[rank]);
            keys[rank] = sortKey(t.view().priority(), unblocks(t), rank);
        }
        return StreamSupport.stream(new SortKeys<>(keys, key -> tasks.get(byFile[rankOf(key)])), false);
    }

    /**
     * The tasks this order was made of at {@code positions} (ascending) in this order, as {@link
     * #inOrder(List)} gives them: their keys made from the priorities and counts kept here, without
     * reading a task; a task is read only when the stream hands it out.
     */
    Stream<TaskState> inOrder(int[] positions) {
        if (!filed) {
            List<TaskState> tasks = new ArrayList<>(positions.length);
            for (int p : positions) {
                tasks.add(states[p]);
            }
            return inOrder(tasks);
        }
        long[] keys = keys(positions.length);
        for (int rank = 0; rank < keys.length; rank++) {
            int p = positions[rank];
            keys[rank] = sortKey(priority[p], unblocksOf(graph.nodeOf[p]), rank);
        }
        return StreamSupport.stream(new SortKeys<>(keys, key -> states[positions[rankOf(key)]]), false);
    }

    /** Room for the sort keys of {@code count} tasks, which must be fewer than 2^23. */
    private static long[] keys(int count) {
        if (count >= 1 << RANK_BITS) {
            throw new IllegalArgumentException("cannot order " + count + " tasks: at most " + ((1 << RANK_BITS) - 1));
        }
        return new long[count];
    }

    /** A task's sort key: higher priority first (~p falls as p rises), then more unblocked, then file order. */
    private static long sortKey(int priority, int unblocks, int rank) {
        return ((long) ~priority << (UNBLOCKS_BITS + RANK_BITS)) | ((long) (UNBLOCKS_CAP - unblocks) << RANK_BITS) | rank;
    }

    private static int rankOf(long key) {
        return (int) (key & ((1 << RANK_BITS) - 1));
    }

    /** Bits of a sort key for a task's rank in file order: tasks ordered at once are fewer than 2^23. */
    private static final int RANK_BITS = 23;
    /** Bits of a sort key for {@code UNBLOCKS_CAP - unblocks}. */
    private static final int UNBLOCKS_BITS = 8;

    /** The positions of {@code tasks} by file order, ties in list order; the tasks of a roadmap come in file order already. */
    private static int[] inFileOrder(List<TaskState> tasks) {
        int count = tasks.size();
        int[] positions = new int[count];
        boolean ordered = true;
        for (int i = 0; i < count; i++) {
            positions[i] = i;
            ordered &= i == 0 || tasks.get(i - 1).fileOrder() <= tasks.get(i).fileOrder();
        }
        if (ordered) {
            return positions;
        }
        long[] keys = new long[count];
        for (int i = 0; i < count; i++) {
            keys[i] = ((long) tasks.get(i).fileOrder() << 32) | i;
        }
        Arrays.sort(keys);
        for (int i = 0; i < count; i++) {
            positions[i] = (int) keys[i];
        }
        return positions;
    }

    /** Whether the tasks' file order is their order in the list (ties allowed). */
    private static boolean isFiled(List<TaskState> tasks) {
        for (int i = 1; i < tasks.size(); i++) {
            if (tasks.get(i - 1).fileOrder() > tasks.get(i).fileOrder()) {
                return false;
            }
        }
        return true;
    }

    private static int[] priorityOf(List<TaskState> tasks) {
        int[] priority = new int[tasks.size()];
        for (int i = 0; i < priority.length; i++) {
            priority[i] = tasks.get(i).view().priority();
        }
        return priority;
    }

    private static boolean[] doneOf(List<TaskState> tasks) {
        boolean[] done = new boolean[tasks.size()];
        for (int i = 0; i < done.length; i++) {
            done[i] = isDone(tasks.get(i));
        }
        return done;
    }

    private static boolean[] runningOf(List<TaskState> tasks) {
        boolean[] running = new boolean[tasks.size()];
        for (int i = 0; i < running.length; i++) {
            running[i] = Runnability.holdsOwnership(tasks.get(i));
        }
        return running;
    }

    private static boolean isDone(TaskState task) {
        return Runnability.DONE.equals(task.status());
    }

    private static int[] unknown(int size) {
        int[] counts = new int[size];
        Arrays.fill(counts, -1);
        return counts;
    }

    /**
     * Which task names which as a dependency, by number: one node per distinct id, and for each
     * node the tasks (by position) that depend on it. It holds as long as every task keeps its id
     * and dependencies.
     */
    private static final class Graph {
        private final TaskView[] views;
        private final Map<String, Integer> nodes = new HashMap<>();
        /** Each task's node. */
        private final int[] nodeOf;
        /** Each node's first task. */
        private final int[] firstOf;
        /** The tasks that name node {@code n} as a dependency: {@code dependents[first[n] .. first[n + 1])}. */
        private final int[] first;
        private final int[] dependents;
        /** The nodes that the tasks of node {@code n} name as dependencies: {@code dependencies[firstDependency[n] .. firstDependency[n + 1])}. */
        private final int[] firstDependency;
        private final int[] dependencies;
        /** A walk's marks: a node is seen in the current walk when its mark is the walk's number. */
        private final int[] seen;
        private final int[] queue;
        private int walk;

        Graph(List<TaskState> tasks) {
            int count = tasks.size();
            views = new TaskView[count];
            nodeOf = new int[count];
            int[] firsts = new int[count];
            for (int i = 0; i < count; i++) {
                views[i] = tasks.get(i).view();
                Integer node = nodes.putIfAbsent(views[i].id(), nodes.size());
                nodeOf[i] = node == null ? nodes.size() - 1 : node;
                if (node == null) {
                    firsts[nodeOf[i]] = i;
                }
            }
            int n = nodes.size();
            firstOf = Arrays.copyOf(firsts, n);
            int[] start = new int[n + 1];
            for (TaskView v : views) {
                for (String dep : v.dependencies()) {
                    Integer d = nodes.get(dep);
                    if (d != null) {
                        start[d + 1]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                start[i + 1] += start[i];
            }
            first = start.clone();
            dependents = new int[start[n]];
            for (int i = 0; i < count; i++) {
                for (String dep : views[i].dependencies()) {
                    Integer d = nodes.get(dep);
                    if (d != null) {
                        dependents[start[d]++] = i;
                    }
                }
            }
            int[] upStart = new int[n + 1];
            for (int i = 0; i < count; i++) {
                for (String dep : views[i].dependencies()) {
                    if (nodes.containsKey(dep)) {
                        upStart[nodeOf[i] + 1]++;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                upStart[i + 1] += upStart[i];
            }
            firstDependency = upStart.clone();
            dependencies = new int[upStart[n]];
            for (int i = 0; i < count; i++) {
                for (String dep : views[i].dependencies()) {
                    Integer d = nodes.get(dep);
                    if (d != null) {
                        dependencies[upStart[nodeOf[i]]++] = d;
                    }
                }
            }
            seen = new int[n];
            queue = new int[n];
        }

        /**
         * Sets to unknown ({@code -1}) in {@code counts} every node whose walk may pass the task at
         * {@code position}: the nodes it names as dependencies and, over dependencies, all they depend on.
         */
        void forgetAncestors(int position, int[] counts) {
            walk++;
            int head = 0;
            int tail = 0;
            for (String dep : views[position].dependencies()) {
                Integer d = nodes.get(dep);
                if (d != null && seen[d] != walk) {
                    seen[d] = walk;
                    queue[tail++] = d;
                }
            }
            while (head < tail) {
                int next = queue[head++];
                counts[next] = -1;
                for (int e = firstDependency[next]; e < firstDependency[next + 1]; e++) {
                    int node = dependencies[e];
                    if (seen[node] != walk) {
                        seen[node] = walk;
                        queue[tail++] = node;
                    }
                }
            }
        }

        /** Whether {@code view}, now at {@code position}, has the id and dependencies this graph was made of. */
        boolean fits(int position, TaskView view) {
            TaskView then = views[position];
            return view == then || (Objects.equals(view.id(), then.id()) && view.dependencies().equals(then.dependencies()));
        }

        /** The distinct ids reachable from {@code from} over dependents that are not done, itself not counted, up to the cap. */
        int reachable(int from, boolean[] done) {
            walk++;
            seen[from] = walk; // a cycle back to the task itself unblocks nothing
            int head = 0;
            int tail = 0;
            queue[tail++] = from;
            int found = 0;
            while (head < tail) {
                int next = queue[head++];
                for (int e = first[next]; e < first[next + 1]; e++) {
                    int task = dependents[e];
                    int node = nodeOf[task];
                    if (!done[task] && seen[node] != walk) {
                        seen[node] = walk;
                        if (++found == UNBLOCKS_CAP) {
                            return UNBLOCKS_CAP;
                        }
                        queue[tail++] = node;
                    }
                }
            }
            return found;
        }
    }
}
