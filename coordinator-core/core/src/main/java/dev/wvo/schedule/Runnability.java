package dev.wvo.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which tasks may start now, and for the others why not. A task is runnable when it is pending,
 * unclaimed, free of roadmap problems, has attempts left, every dependency is done, and what it
 * owns overlaps no task in progress. (Locks on its ownership are taken at claim time; this is
 * the part that can be judged from the roadmap alone.)
 */
public final class Runnability {

    public static final String PENDING = "pending";
    public static final String IN_PROGRESS = "in_progress";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    public static final String BLOCKED = "blocked";

    private final Map<String, TaskState> byId = new HashMap<>();
    private final List<TaskState> inProgress = new ArrayList<>();

    public Runnability(Collection<TaskState> tasks) {
        for (TaskState task : tasks) {
            // with duplicate ids the first entry stands for the id; the others carry a problem
            byId.putIfAbsent(task.id(), task);
            // only tasks wvo has claimed hold their ownership; an in_progress status written by
            // another tool says nothing about who, if anyone, is editing what
            if (IN_PROGRESS.equals(task.status()) && task.claim() != null) {
                inProgress.add(task);
            }
        }
    }

    /** Empty if the task is runnable now, else the first reason it is not. */
    public Optional<Blocker> blockerOf(TaskState task) {
        if (!task.problems().isEmpty()) {
            return Optional.of(new Blocker(Blocker.Kind.PROBLEM, String.join("; ", task.problems())));
        }
        if (!PENDING.equals(task.status())) {
            return Optional.of(new Blocker(Blocker.Kind.STATUS, "status is " + task.status()));
        }
        if (task.claim() != null) {
            return Optional.of(new Blocker(Blocker.Kind.STATUS, "claimed by " + task.claim().worker()));
        }
        if (task.attempts() >= task.maxAttempts()) {
            return Optional.of(new Blocker(Blocker.Kind.ATTEMPTS,
                    "all " + task.maxAttempts() + " attempts used"));
        }
        List<String> waiting = new ArrayList<>();
        for (String dep : task.view().dependencies()) {
            TaskState d = byId.get(dep);
            if (d == null) {
                return Optional.of(new Blocker(Blocker.Kind.PROBLEM, "depends on unknown task " + dep));
            }
            if (!DONE.equals(d.status())) {
                waiting.add(dep + " (" + d.status() + ")");
            }
        }
        if (!waiting.isEmpty()) {
            return Optional.of(new Blocker(Blocker.Kind.DEPENDENCIES, "waits for " + String.join(", ", waiting)));
        }
        for (TaskState running : inProgress) {
            Optional<String> overlap = ownershipOverlap(task, running);
            if (overlap.isPresent()) {
                return Optional.of(new Blocker(Blocker.Kind.OWNERSHIP,
                        overlap.get() + " overlaps " + running.id() + " in progress"));
            }
        }
        return Optional.empty();
    }

    /** Where two tasks' ownership meets, judged as their locks would: readonly tasks only meet writers. */
    static Optional<String> ownershipOverlap(TaskState a, TaskState b) {
        if (a.view().readonly() && b.view().readonly()) {
            return Optional.empty();
        }
        List<String> ownsA = a.view().owns();
        List<String> ownsB = b.view().owns();
        if (ownsA.isEmpty() || ownsB.isEmpty()) {
            return Optional.of(ownsA.isEmpty() ? "the whole workspace" : String.join(", ", ownsA));
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
