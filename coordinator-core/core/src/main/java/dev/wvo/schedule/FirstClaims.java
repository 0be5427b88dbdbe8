package dev.wvo.schedule;

import dev.wvo.spi.TaskView;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Which task each of several workers would claim first, were they to claim one after another now,
 * judged as {@link Scheduler#claimNext} judges (runnability, order, each worker's policy, its
 * worktree rules), on a copy of the roadmap: nothing is claimed, locked or written. What it cannot
 * see is what only a claim finds: ownership locks held outside the roadmap, and the claims of
 * dead workers taken back.
 */
public final class FirstClaims {

    /** The task field naming the one worker that may run it. */
    public static final String WORKER_FIELD = "worker";
    /** The task field naming the one account that may run it (see {@code WorkerSettings#account}). */
    public static final String ACCOUNT_FIELD = "account";
    /** The worker setting ({@code WorkerOptions.settings}) that holds the worker's account's name. */
    public static final String ACCOUNT = "account";

    private FirstClaims() {
    }

    /**
     * @param tasks      the roadmap's tasks as they are now
     * @param claimants  the workers, in the order they would claim
     * @param now        the time of the pretended claims
     * @return for each claimant the task it would take, or empty when none is left for it
     */
    public static List<Optional<TaskView>> of(List<TaskState> tasks, List<Claimant> claimants, Instant now) {
        List<TaskState> board = new ArrayList<>(tasks);
        List<Optional<TaskView>> firsts = new ArrayList<>();
        TaskOrder order = new TaskOrder(board);
        for (Claimant claimant : claimants) {
            ClaimRules rules = claimant.rules();
            Runnability runnability = new Runnability(board, rules.stackOnQueued());
            Map<String, TaskState> runnable = candidates(board, runnability::blockingKind, order, claimant);
            List<TaskView> candidates = runnable.values().stream().map(TaskState::view).toList();
            List<TaskView> allowed = claimant.policy() == null ? candidates
                    : claimant.policy().select(claimant.options(), candidates);
            Optional<TaskState> chosen = allowed.stream().map(v -> runnable.get(v.id())).filter(t -> t != null).findFirst();
            firsts.add(chosen.map(TaskState::view));
            chosen.ifPresent(t -> board.replaceAll(other -> other != t ? other
                    : new TaskState(t.view().toBuilder().status(Runnability.IN_PROGRESS).build(), t.attempts(),
                    t.maxAttempts(), new Claim(claimant.workerId(), now, t.attempts() + 1, Claim.UNKNOWN_PRESENCE), t.problems(), t.fileOrder())));
        }
        return firsts;
    }

    /**
     * The tasks this worker may claim now, by id in claim order: the runnable ones (and with
     * {@link ClaimRules#isolateOverlaps} those only an overlap keeps back) that are not assigned to
     * another worker or account.
     *
     * @param blockingKind what keeps a task of {@code tasks} from running ({@link Runnability#blockingKind}, or
     *                     its ownership part alone for tasks known to wait for nothing else)
     */
    static Map<String, TaskState> candidates(List<TaskState> tasks, Function<TaskState, Optional<Blocker.Kind>> blockingKind,
                                             TaskOrder order, Claimant claimant) {
        Map<String, TaskState> runnable = new LinkedHashMap<>();
        inClaimOrder(tasks, blockingKind, order, claimant).forEach(t -> runnable.put(t.id(), t));
        return runnable;
    }

    /**
     * {@link #candidates} as a stream in claim order, each task judged only when it is reached: a
     * worker without a policy claims the first it can, and need not judge the thousands after it.
     */
    static Stream<TaskState> inClaimOrder(List<TaskState> tasks, Function<TaskState, Optional<Blocker.Kind>> blockingKind,
                                          TaskOrder order, Claimant claimant) {
        return inClaimOrder(order.inOrder(tasks), blockingKind, claimant);
    }

    /** {@link #inClaimOrder(List, Function, TaskOrder, Claimant)} of tasks already in the order's order. */
    static Stream<TaskState> inClaimOrder(Stream<TaskState> ordered, Function<TaskState, Optional<Blocker.Kind>> blockingKind,
                                          Claimant claimant) {
        ClaimRules rules = claimant.rules();
        Set<String> offered = new HashSet<>(); // with duplicate ids, the first in claim order stands for the id
        return ordered
                .filter(t -> blockingKind.apply(t).map(kind -> rules.isolateOverlaps() && kind == Blocker.Kind.OWNERSHIP)
                        .orElse(true))
                .filter(t -> isFor(t, claimant))
                .filter(t -> offered.add(t.id()));
    }

    /**
     * Whether the task may run on this worker: a task's {@code worker: ID} names the only worker that
     * may claim it, its {@code account: NAME} the only account (the name of the worker's account,
     * {@code work} of {@code --agent claude:work}, else its profile, told to it as the {@link #ACCOUNT}
     * setting), as the playbook's initial assignments do.
     */
    static boolean isFor(TaskState task, Claimant claimant) {
        Object worker = task.view().extra().get(WORKER_FIELD);
        if (worker != null && !worker.toString().equals(claimant.workerId())) {
            return false;
        }
        Object account = task.view().extra().get(ACCOUNT_FIELD);
        return account == null || account.toString().equals(claimant.options().settings().get(ACCOUNT));
    }
}
