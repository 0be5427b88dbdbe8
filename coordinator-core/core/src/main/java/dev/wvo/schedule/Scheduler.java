package dev.wvo.schedule;

import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * Claims, completions and reclaims, each one roadmap transaction with the events that describe
 * it. Exactly-once rests on two facts: every claim is made inside {@link TaskBoardStore#update},
 * which runs under the roadmap lock with its fencing token checked at the write, so two workers
 * never both see a task unclaimed and both claim it; and a completion is accepted only from the
 * claim that is in the roadmap now, so a worker that was presumed dead and reclaimed cannot
 * finish the newer attempt. Each event is logged in its transaction ({@link TaskBoard#log}), so
 * the roadmap never shows a claim, a completion or a reclaim that {@code events.jsonl} lacks.
 */
public final class Scheduler {

    private final TaskBoardStore store;
    private final LockManager locks;
    private final WorkerPresence presence;
    private final Clock clock;
    /** The order of the last claim, which the next one reuses as far as it holds; claims run one at a time, under the roadmap lock. */
    private volatile TaskOrder order;
    /** The tasks the last claim found possibly runnable, which the next one judges again only where they changed. */
    private volatile ReadyTasks ready;

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

    /** {@link #claimNext(Claimant)} for a plain worker, the holder of {@code presence}: no worktrees, no agent named. */
    public ClaimResult claimNext(LockHandle presence, PartitionPolicy policy, WorkerOptions options) {
        return claimNext(Claimant.of(presence).withPolicy(policy, options));
    }

    /**
     * Picks the best runnable task the claimant's policy allows it, marks it in progress for the
     * worker, takes its ownership locks and logs the claim; or claims nothing. Dead workers'
     * claims are taken back first.
     */
    public ClaimResult claimNext(Claimant claimant) {
        ClaimRules rules = claimant.rules();
        List<LockHandle> taken = new ArrayList<>();
        try {
            return store.update(board -> {
                List<Reclaimed> reclaimed = reclaimDead(board, claimant.workerId(), null);
                List<TaskState> tasks = board.tasks();
                TaskOrder taskOrder = TaskOrder.of(tasks, order);
                order = taskOrder;
                Runnability runnability = new Runnability(tasks, rules.stackOnQueued(), taskOrder);
                ReadyTasks maybeRunnable = ReadyTasks.of(tasks, runnability, taskOrder, rules.stackOnQueued(), ready);
                ready = maybeRunnable;
                // the tasks kept wait for nothing but ownership, if for anything
                Stream<TaskState> inOrder = FirstClaims.inClaimOrder(taskOrder.inOrder(maybeRunnable.positions()),
                        runnability::ownershipKind, claimant);
                Iterable<TaskState> offered;
                if (claimant.policy() == null) {
                    offered = inOrder::iterator; // judged one at a time, until one is claimed
                } else {
                    Map<String, TaskState> runnable = new LinkedHashMap<>();
                    inOrder.forEach(t -> runnable.put(t.id(), t));
                    List<TaskView> candidates = runnable.values().stream().map(TaskState::view).toList();
                    // a policy may only choose among the candidates
                    offered = claimant.policy().select(claimant.options(), candidates).stream().map(v -> runnable.get(v.id()))
                            .filter(Objects::nonNull)::iterator;
                }
                for (TaskState task : offered) {
                    boolean overlaps = runnability.blockingKind(task).isPresent();
                    Optional<List<LockHandle>> ownership = overlaps ? Optional.empty() : OwnershipClaim.tryTake(locks,
                            OwnershipClaim.needsOf(task.view().owns(), task.view().readonly()));
                    if (ownership.isEmpty() && !rules.isolateOverlaps()) {
                        continue; // its files are locked by a task outside this roadmap's claims
                    }
                    ownership.ifPresent(taken::addAll);
                    Claim claim = new Claim(claimant.workerId(), clock.instant(), task.attempts() + 1, claimant.presence());
                    TaskView claimedView = task.view().withAttempt(claim.attempt());
                    String agent = claimant.agentFor().apply(claimedView);
                    board.claim(task.id(), claim);
                    board.log(Event.of(clock, EventType.CLAIM, claimant.workerId(), task.id(), claim.attempt(),
                            agent == null ? Map.of() : Map.of("agent", agent)));
                    return new ClaimResult(Optional.of(new ClaimedTask(claimedView, claim, ownership.orElse(List.of()),
                            ownership.isEmpty(), runnability.stackBaseOf(task).orElse(null), agent, board.setting("pipeline"))),
                            reclaimed);
                }
                return new ClaimResult(Optional.empty(), reclaimed);
            });
        } catch (RuntimeException e) {
            // the claim was not written: the ownership locks taken for it must not stay held
            taken.forEach(LockHandle::release);
            throw e;
        }
    }

    /**
     * Takes back the claims of every dead worker: {@code wvo reclaim} and the shell's reclaim (each
     * worker does it before it claims). Each reclaim is logged with the transaction.
     *
     * @param by who asks, named in each event ({@code wvo reclaim})
     */
    public List<Reclaimed> reclaim(String by) {
        return store.update(board -> reclaimDead(board, null, by));
    }

    /**
     * The one place a dead worker's claim is taken back: the task goes back to pending, or to
     * failed when it has no attempt left, and a {@code reclaim} event says who found it.
     *
     * @param worker the live worker that found the claim, or null
     * @param by     the command that found it, or null
     */
    private List<Reclaimed> reclaimDead(TaskBoard board, String worker, String by) {
        List<Reclaimed> reclaimed = new ArrayList<>();
        for (TaskState task : board.claimed()) {
            Claim claim = task.claim();
            // by the claim's own presence token, not the name: a worker restarted under the dead one's id is not it
            if (claim == null || !Runnability.IN_PROGRESS.equals(task.status()) || presence.holds(claim)) {
                continue;
            }
            int attempts = Math.max(task.attempts(), claim.attempt());
            String status = attempts >= task.maxAttempts() ? Runnability.FAILED : Runnability.PENDING;
            board.finish(task.id(), status, attempts, new TaskBoard.Result("reclaimed", clock.instant(),
                    "worker " + claim.worker() + " died during attempt " + claim.attempt(), List.of()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("dead_worker", claim.worker());
            details.put("status", status);
            if (by != null) {
                details.put("by", by);
            }
            board.log(Event.of(clock, EventType.RECLAIM, worker, task.id(), claim.attempt(), details));
            reclaimed.add(new Reclaimed(task.id(), claim.worker(), claim.attempt(), status));
        }
        return reclaimed;
    }

    /**
     * What became of a completion.
     *
     * @param accepted   false if the worker no longer held the claim (the task was reclaimed and
     *                   perhaps claimed again); nothing was changed then
     * @param newStatus  the task's status afterwards
     * @param reason     why it was rejected, else null
     * @param completion what was recorded: the one asked for, or {@link Completion#BLOCKED} when
     *                   the failure rule blocked the task
     * @param summary    the summary recorded
     */
    public record CompletionResult(boolean accepted, String newStatus, String reason, Completion completion,
                                   String summary) {
    }

    /**
     * Records the end of an attempt, if the worker still holds the claim, in one transaction: the
     * task's status, attempts and result, its merge fields, what the failure rule decides and
     * counts, and the event (accepted or not). The task's ownership locks are released either way.
     */
    public CompletionResult complete(ClaimedTask claimed, AttemptEnd end) {
        try {
            return store.update(board -> {
                Optional<TaskState> current = stillClaimed(board, claimed);
                if (current.isEmpty()) {
                    String reason = rejection(board, claimed);
                    TaskState now = board.task(claimed.task().id()).orElse(null);
                    CompletionResult rejected = new CompletionResult(false, now == null ? null : now.status(), reason,
                            end.completion(), end.summary());
                    board.log(completionEvent(claimed, end, rejected));
                    return rejected;
                }
                TaskState task = current.get();
                Completion completion = end.completion();
                String summary = end.summary();
                Optional<FailureRule.Block> block = completion == Completion.FAILED
                        ? end.onFailure().decide(board, task, summary) : Optional.empty();
                if (block.isPresent()) {
                    completion = Completion.BLOCKED;
                    summary = block.get().summary();
                }
                int attempts = completion == Completion.RETURNED || end.ranNothing()
                        ? claimed.claim().attempt() - 1 // giving a task back, or running nothing, spends no attempt
                        : claimed.claim().attempt();
                String status = switch (completion) {
                    case DONE -> Runnability.DONE;
                    case BLOCKED -> Runnability.BLOCKED;
                    case FAILED -> attempts >= task.maxAttempts() ? Runnability.FAILED : Runnability.PENDING;
                    case RETURNED -> Runnability.PENDING;
                };
                board.finish(task.id(), status, attempts, new TaskBoard.Result(
                        completion.name().toLowerCase(Locale.ROOT), clock.instant(), summary, end.artifacts()));
                if (completion == Completion.DONE && end.merge() != null
                        && !end.merge().equals(MergeState.of(task))) {
                    board.recordMerge(task.id(), end.merge());
                }
                CompletionResult accepted = new CompletionResult(true, status, null, completion, summary);
                board.log(completionEvent(claimed, end, accepted));
                block.ifPresent(b -> board.log(b.event()));
                return accepted;
            });
        } finally {
            claimed.close();
        }
    }

    /** {@code complete} for a task done, {@code fail} for any other end; the worker's details, then the transaction's. */
    private Event completionEvent(ClaimedTask claimed, AttemptEnd end, CompletionResult result) {
        Map<String, Object> details = new LinkedHashMap<>(end.eventDetails());
        details.put("summary", result.summary());
        details.put("accepted", result.accepted());
        details.put("status", result.newStatus());
        if (!result.accepted()) {
            details.put("rejected", result.reason());
        }
        EventType type = result.completion() == Completion.DONE || result.completion() == Completion.RETURNED
                ? EventType.COMPLETE : EventType.FAIL;
        return Event.of(clock, type, claimed.claim().worker(), claimed.task().id(), claimed.claim().attempt(), details);
    }

    private static String rejection(TaskBoard board, ClaimedTask claimed) {
        Claim mine = claimed.claim();
        Optional<TaskState> task = board.task(claimed.task().id());
        if (task.isEmpty()) {
            return "task " + claimed.task().id() + " is no longer in the roadmap";
        }
        Claim now = task.get().claim();
        String holder = now == null ? "no claim" : "claim of " + now.worker() + " attempt " + now.attempt();
        return "attempt " + mine.attempt() + " of " + mine.worker() + " no longer holds the task (status "
                + task.get().status() + ", " + holder + ")";
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
        return store.update(board -> stillClaimed(board, claimed).map(task -> change.apply(board, task)));
    }

    /** The task, if it is in progress under exactly this claim. */
    private static Optional<TaskState> stillClaimed(TaskBoard board, ClaimedTask claimed) {
        Claim mine = claimed.claim();
        return board.task(claimed.task().id()).filter(t -> Runnability.IN_PROGRESS.equals(t.status()))
                .filter(t -> t.claim() != null && t.claim().sameHolder(mine) && t.claim().attempt() == mine.attempt());
    }
}
