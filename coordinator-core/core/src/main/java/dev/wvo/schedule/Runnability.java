package dev.wvo.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which tasks may start now, and for the others why not. A task is runnable when it is pending,
 * unclaimed, free of roadmap problems, has attempts left, every dependency is done, and what it
 * owns overlaps no task in progress. (Locks on its ownership are taken at claim time; this is
 * the part that can be judged from the roadmap alone.)
 *
 * <p>With worktrees, a done task whose {@code merge:} is not {@code merged} has its work on a
 * branch, not yet on the target: it does not count as done for its dependents. A worker with
 * worktrees may still start a dependent {@linkplain #stackBaseOf stacked} on that branch, when it
 * is the only such dependency and its branch waits in the queue.
 *
 * <p>The rules read a task through {@link JudgedTask}: the claim judges {@link TaskState}s, which
 * it needs whole anyway, and {@code wvo task list} a roadmap's tasks as they are, without a view each.
 */
public final class Runnability {

    public static final String PENDING = "pending";
    public static final String IN_PROGRESS = "in_progress";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String BLOCKED = "blocked";

    /** The {@code merge:} value of a task whose branch waits in the merge queue. */
    public static final String MERGE_QUEUED = "queued";
    /** The {@code merge:} value of a task whose branch landed on the target. */
    public static final String MERGE_MERGED = "merged";

    private static final Map<Blocker.Kind, Optional<Blocker.Kind>> KINDS = new java.util.EnumMap<>(Blocker.Kind.class);

    static {
        for (Blocker.Kind kind : Blocker.Kind.values()) {
            KINDS.put(kind, Optional.of(kind));
        }
    }

    /** The task that stands for an id (the first with it), or null. */
    private final Function<String, ? extends JudgedTask> byId;
    private final List<? extends JudgedTask> inProgress;
    private final boolean stackOnQueued;

    public Runnability(Collection<? extends JudgedTask> tasks) {
        this(tasks, false);
    }

    /**
     * @param stackOnQueued whether a dependency that is done with its branch queued for merging lets
     *                      a dependent start (on that branch): true for a worker with worktrees
     */
    public Runnability(Collection<? extends JudgedTask> tasks, boolean stackOnQueued) {
        this(stackOnQueued, idIndex(tasks)::get, inProgressOf(tasks));
    }

    /**
     * The runnability of {@code tasks} with the ids looked up in their order's graph, which a claim
     * keeps from one claim to the next, instead of in an index of 10,000 ids made anew; and the
     * tasks in progress from the flags it keeps, instead of from the status of every task.
     */
    Runnability(List<TaskState> tasks, boolean stackOnQueued, TaskOrder order) {
        this(stackOnQueued, id -> order.first(tasks, id), order.inProgress(tasks));
    }

    private Runnability(boolean stackOnQueued, Function<String, ? extends JudgedTask> byId,
                        List<? extends JudgedTask> inProgress) {
        this.stackOnQueued = stackOnQueued;
        this.byId = byId;
        this.inProgress = inProgress;
    }

    private static List<JudgedTask> inProgressOf(Collection<? extends JudgedTask> tasks) {
        List<JudgedTask> inProgress = new ArrayList<>();
        for (JudgedTask task : tasks) {
            if (holdsOwnership(task)) {
                inProgress.add(task);
            }
        }
        return inProgress;
    }

    /**
     * Whether the task holds its ownership: in progress under a claim. Only tasks wvo has claimed
     * do; an in_progress status written by another tool says nothing about who, if anyone, is
     * editing what.
     */
    public static boolean holdsOwnership(JudgedTask task) {
        return IN_PROGRESS.equals(task.status()) && task.claim() != null;
    }

    private static Map<String, JudgedTask> idIndex(Collection<? extends JudgedTask> tasks) {
        Map<String, JudgedTask> index = new HashMap<>();
        for (JudgedTask task : tasks) {
            index.putIfAbsent(task.id(), task); // with duplicate ids the first entry stands for the id; the others carry a problem
        }
        return index;
    }

    /** Empty if the task is runnable now, else the first reason it is not. */
    public Optional<Blocker> blockerOf(JudgedTask task) {
        return blockingKind(task).map(kind -> new Blocker(kind, detail(task, kind)));
    }

    /**
     * Empty if the task is runnable now, else the kind of the first reason it is not; the same
     * judgement as {@link #blockerOf}, without the words, for passes over every task of a big roadmap.
     */
    public Optional<Blocker.Kind> blockingKind(JudgedTask task) {
        if (!task.problems().isEmpty()) {
            return KINDS.get(Blocker.Kind.PROBLEM);
        }
        if (!PENDING.equals(task.status()) || task.claim() != null) {
            return KINDS.get(Blocker.Kind.STATUS);
        }
        if (task.attempts() >= task.maxAttempts()) {
            return KINDS.get(Blocker.Kind.ATTEMPTS);
        }
        boolean waiting = false;
        int unmerged = 0;
        for (String dep : task.dependencies()) {
            JudgedTask d = byId.apply(dep);
            if (d == null) {
                return KINDS.get(Blocker.Kind.PROBLEM);
            }
            if (!DONE.equals(d.status())) {
                waiting = true;
            } else if (!isMerged(d)) {
                unmerged++;
            }
        }
        if (waiting || unmerged > 0 && !stacks(task, unmerged)) {
            return KINDS.get(Blocker.Kind.DEPENDENCIES);
        }
        return ownershipKind(task);
    }

    /**
     * {@link #blockingKind} for a task known to wait for nothing else ({@link ReadyTasks}): whether
     * what it owns overlaps a task in progress.
     */
    Optional<Blocker.Kind> ownershipKind(JudgedTask task) {
        for (JudgedTask running : inProgress) {
            if (ownershipOverlap(task, running).isPresent()) {
                return KINDS.get(Blocker.Kind.OWNERSHIP);
            }
        }
        return Optional.empty();
    }

    /** The words for a reason {@link #blockingKind} found. */
    private String detail(JudgedTask task, Blocker.Kind kind) {
        return switch (kind) {
            case STATUS -> task.claim() != null && PENDING.equals(task.status())
                    ? "claimed by " + task.claim().worker() : "status is " + task.status();
            case ATTEMPTS -> "all " + task.maxAttempts() + " attempts used";
            case OWNERSHIP -> inProgress.stream().flatMap(running -> ownershipOverlap(task, running).stream()
                    .map(where -> where + " overlaps " + running.id() + " in progress")).findFirst().orElseThrow();
            case PROBLEM -> !task.problems().isEmpty() ? String.join("; ", task.problems())
                    : task.dependencies().stream().filter(dep -> byId.apply(dep) == null).findFirst()
                    .map(dep -> "depends on unknown task " + dep).orElseThrow();
            case DEPENDENCIES -> {
                List<String> waiting = new ArrayList<>();
                List<String> unmerged = new ArrayList<>();
                for (String dep : task.dependencies()) {
                    JudgedTask d = byId.apply(dep);
                    if (!DONE.equals(d.status())) {
                        waiting.add(dep + " (" + d.status() + ")");
                    } else if (!isMerged(d)) {
                        unmerged.add(dep + " (done, merge " + d.merge() + ")");
                    }
                }
                waiting.addAll(unmerged);
                yield "waits for " + String.join(", ", waiting);
            }
        };
    }

    /** Whether the task may start stacked on its one dependency whose branch waits to be merged. */
    private boolean stacks(JudgedTask task, int unmerged) {
        return unmerged == 1 && stackOnQueued && stackBaseOf(task).isPresent();
    }

    /**
     * The branch a task would start from when stacked: the branch of its one dependency that is
     * done with its branch queued for merging. Empty when no dependency, or more than one, waits.
     */
    public Optional<String> stackBaseOf(JudgedTask task) {
        List<? extends JudgedTask> queued = task.dependencies().stream().map(byId)
                .filter(d -> d != null && DONE.equals(d.status()) && !isMerged(d)).toList();
        if (queued.size() != 1 || !MERGE_QUEUED.equals(queued.get(0).merge())) {
            return Optional.empty();
        }
        return Optional.ofNullable(queued.get(0).branch());
    }

    /** True when a done task's work is on the target: it never went through the merge queue, or it landed. */
    public static boolean isMerged(JudgedTask task) {
        String merge = task.merge();
        return merge == null || MERGE_MERGED.equals(merge);
    }

    /**
     * Where two tasks' ownership meets, judged as their locks ({@link OwnershipClaim#needsOf}) would:
     * readonly tasks only meet writers of what they read, a writer of the whole workspace meets
     * everyone, and a readonly task of the whole workspace (the whole workspace shared) runs beside
     * writers of named paths (the whole workspace shared too).
     */
    static Optional<String> ownershipOverlap(JudgedTask a, JudgedTask b) {
        if (a.readonly() && b.readonly()) {
            return Optional.empty();
        }
        List<String> ownsA = a.owns();
        List<String> ownsB = b.owns();
        if (ownsA.isEmpty() || ownsB.isEmpty()) {
            JudgedTask whole = ownsA.isEmpty() ? a : b;
            boolean sharedBesideNamedPaths = whole.readonly() && !(ownsA.isEmpty() && ownsB.isEmpty());
            return sharedBesideNamedPaths ? Optional.empty()
                    : Optional.of(ownsA.isEmpty() ? "the whole workspace" : String.join(", ", ownsA));
        }
        for (String x : ownsA) {
            for (String y : ownsB) {
                if (OwnershipPaths.overlap(x, y)) {
                    return Optional.of(x);
                }
            }
        }
        return Optional.empty();
    }
}
