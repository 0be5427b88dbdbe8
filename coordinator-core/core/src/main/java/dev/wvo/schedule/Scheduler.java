package dev.wvo.schedule;

import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Claims, completions and reclaims, each one roadmap transaction. Exactly-once rests on two
 * facts: every claim is made inside {@link TaskBoardStore#update}, which runs under the roadmap
 * lock with its fencing token checked at the write, so two workers never both see a task
 * unclaimed and both claim it; and a completion is accepted only from the claim that is in the
 * roadmap now, so a worker that was presumed dead and reclaimed cannot finish the newer attempt.
 */
public final class Scheduler {

    private final TaskBoardStore store;
    private final LockManager locks;
    private final WorkerPresence presence;
    private final Clock clock;
    /** The order of the last claim, which the next one reuses as far as it holds; claims run one at a time, under the roadmap lock. */
    private volatile TaskOrder order;

    public Scheduler(TaskBoardStore store, LockManager locks, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.presence = new WorkerPresence(locks);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What a claim attempt did.
     *
     * @param claimed   the task now claimed by the worker, if any was runnable for it
     * @param reclaimed claims of dead workers taken back on the way
     */
    public record ClaimResult(Optional<ClaimedTask> claimed, List<Reclaimed> reclaimed) {
    }

    /**
     * Picks the best runnable task the policy allows this worker, marks it in progress for the
     * worker and takes its ownership locks; or claims nothing. Dead workers' claims are taken
     * back first.
     *
     * @param policy the worker's partition policy, or null to take any runnable task
     */
    public ClaimResult claimNext(String workerId, PartitionPolicy policy, WorkerOptions options) {
        return claimNext(workerId, policy, options, ClaimRules.PLAIN);
    }

    /**
     * {@link #claimNext(String, PartitionPolicy, WorkerOptions)} for a worker that may also stack
     * tasks on unmerged dependencies or run overlapping tasks in worktrees, as {@code rules} allow.
     */
    public ClaimResult claimNext(String workerId, PartitionPolicy policy, WorkerOptions options, ClaimRules rules) {
        List<LockHandle> taken = new ArrayList<>();
        try {
            return store.update(board -> {
                List<Reclaimed> reclaimed = reclaimDead(board);
                List<TaskState> tasks = board.tasks();
                Runnability runnability = new Runnability(tasks, rules.stackOnQueued());
                TaskOrder taskOrder = TaskOrder.of(tasks, order);
                order = taskOrder;
                Map<String, TaskState> runnable = new LinkedHashMap<>();
                taskOrder.sort(tasks.stream().filter(t -> runnability.blockingKind(t).map(kind -> rules.isolateOverlaps()
                        && kind == Blocker.Kind.OWNERSHIP).orElse(true)).toList())
                        .forEach(t -> runnable.putIfAbsent(t.id(), t));
                List<TaskView> candidates = runnable.values().stream().map(TaskState::view).toList();
                List<TaskView> allowed = policy == null ? candidates : policy.select(options, candidates);
                for (TaskView view : allowed) {
                    TaskState task = runnable.get(view.id());
                    if (task == null) {
                        continue; // a policy may only choose among the candidates
                    }
                    boolean overlaps = runnability.blockingKind(task).isPresent();
                    Optional<List<LockHandle>> ownership = overlaps ? Optional.empty() : OwnershipClaim.tryTake(locks,
                            OwnershipClaim.needsOf(task.view().owns(), task.view().readonly()));
                    if (ownership.isEmpty() && !rules.isolateOverlaps()) {
                        continue; // its files are locked by a task outside this roadmap's claims
                    }
                    ownership.ifPresent(taken::addAll);
                    Claim claim = new Claim(workerId, clock.instant(), task.attempts() + 1);
                    board.claim(task.id(), claim);
                    return new ClaimResult(Optional.of(new ClaimedTask(withAttempt(task.view(), claim.attempt()),
                            claim, ownership.orElse(List.of()), ownership.isEmpty(),
                            runnability.stackBaseOf(task).orElse(null))), reclaimed);
                }
                return new ClaimResult(Optional.empty(), reclaimed);
            });
        } catch (RuntimeException e) {
            // the claim was not written: the ownership locks taken for it must not stay held
            taken.forEach(LockHandle::release);
            throw e;
        }
    }

    /** Takes back the claims of every dead worker: {@code wvo reclaim}, and the first step of each claim. */
    public List<Reclaimed> reclaim() {
        return store.update(this::reclaimDead);
    }

    private List<Reclaimed> reclaimDead(TaskBoard board) {
        List<Reclaimed> reclaimed = new ArrayList<>();
        for (TaskState task : board.tasks()) {
            Claim claim = task.claim();
            if (claim == null || !Runnability.IN_PROGRESS.equals(task.status()) || presence.isAlive(claim.worker())) {
                continue;
            }
            int attempts = Math.max(task.attempts(), claim.attempt());
            String status = attempts >= task.maxAttempts() ? Runnability.FAILED : Runnability.PENDING;
            board.finish(task.id(), status, attempts, new TaskBoard.Result("reclaimed", clock.instant(),
                    "worker " + claim.worker() + " died during attempt " + claim.attempt(), List.of()));
            reclaimed.add(new Reclaimed(task.id(), claim.worker(), claim.attempt(), status));
        }
        return reclaimed;
    }

    /**
     * What became of a completion.
     *
     * @param accepted  false if the worker no longer held the claim (the task was reclaimed and
     *                  perhaps claimed again); nothing was changed then
     * @param newStatus the task's status afterwards
     * @param reason    why it was rejected, else null
     */
    public record CompletionResult(boolean accepted, String newStatus, String reason) {
    }

    /**
     * Records the end of an attempt, if the worker still holds the claim, and releases the
     * task's ownership locks either way.
     */
    public CompletionResult complete(ClaimedTask claimed, Completion completion, String summary, List<String> artifacts) {
        try {
            return store.update(board -> {
                Claim mine = claimed.claim();
                Optional<TaskState> current = board.tasks().stream().filter(t -> t.id().equals(claimed.task().id())).findFirst();
                if (current.isEmpty()) {
                    return new CompletionResult(false, null, "task " + claimed.task().id() + " is no longer in the roadmap");
                }
                TaskState task = current.get();
                Claim now = task.claim();
                if (!Runnability.IN_PROGRESS.equals(task.status()) || now == null
                        || !now.worker().equals(mine.worker()) || now.attempt() != mine.attempt()) {
                    String holder = now == null ? "no claim" : "claim of " + now.worker() + " attempt " + now.attempt();
                    return new CompletionResult(false, task.status(), "attempt " + mine.attempt() + " of "
                            + mine.worker() + " no longer holds the task (status " + task.status() + ", " + holder + ")");
                }
                int attempts = mine.attempt();
                String status = switch (completion) {
                    case DONE -> Runnability.DONE;
                    case BLOCKED -> Runnability.BLOCKED;
                    case FAILED -> attempts >= task.maxAttempts() ? Runnability.FAILED : Runnability.PENDING;
                    case RETURNED -> Runnability.PENDING;
                };
                if (completion == Completion.RETURNED) {
                    attempts = mine.attempt() - 1; // giving a task back does not spend an attempt
                }
                board.finish(task.id(), status, attempts, new TaskBoard.Result(
                        completion.name().toLowerCase(java.util.Locale.ROOT), clock.instant(), summary, artifacts));
                return new CompletionResult(true, status, null);
            });
        } finally {
            claimed.close();
        }
    }

    /**
     * Runs a change on a task while this claim still holds it, in one roadmap transaction: how a
     * running attempt records its progress. A worker that was presumed dead and reclaimed gets
     * empty and changes nothing, exactly as its completion would be refused.
     *
     * @param change gets the board and the task's current state
     * @return the change's result, or empty if the claim no longer holds the task
     */
    public <T> Optional<T> whileClaimed(ClaimedTask claimed, BiFunction<TaskBoard, TaskState, T> change) {
        return store.update(board -> {
            Claim mine = claimed.claim();
            Optional<TaskState> current = board.tasks().stream().filter(t -> t.id().equals(claimed.task().id())).findFirst();
            Claim now = current.map(TaskState::claim).orElse(null);
            if (!Runnability.IN_PROGRESS.equals(current.map(TaskState::status).orElse(null)) || now == null
                    || !now.worker().equals(mine.worker()) || now.attempt() != mine.attempt()) {
                return Optional.empty();
            }
            return Optional.ofNullable(change.apply(board, current.get()));
        });
    }

    private static TaskView withAttempt(TaskView v, int attempt) {
        return new TaskView(v.id(), v.title(), v.description(), v.status(), v.domain(), v.epic(), v.priority(),
                v.dependencies(), v.exitCriteria(), v.owns(), v.readonly(), v.command(), v.prompt(), v.agent(),
                attempt, v.extra());
    }
}
