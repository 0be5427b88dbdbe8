package dev.wvo.schedule;

import dev.wvo.lock.LockHandle;
import dev.wvo.spi.PartitionPolicy;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.WorkerOptions;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Who claims a task, and by which rules: the worker, its partition policy and options, what it may
 * claim beyond the plain rules, and which agent it would run a task with (named in the claim's event).
 *
 * @param workerId the worker's id
 * @param presence the fencing token of its presence lock, recorded in each claim it makes
 * @param policy   its partition policy, or null to take any runnable task
 * @param options  what the policy is told of the worker
 * @param rules    stacking and isolation, for a worker with worktrees
 * @param agentFor the backend the worker would run a task with, or null for none to name
 */
public record Claimant(String workerId, long presence, PartitionPolicy policy, WorkerOptions options, ClaimRules rules,
                      Function<TaskView, String> agentFor) {

    public Claimant {
        Objects.requireNonNull(workerId, "workerId");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(agentFor, "agentFor");
    }

    /** The worker that holds this presence lock, without a policy, preferences or worktrees, naming no agent. */
    public static Claimant of(LockHandle presence) {
        String workerId = WorkerPresence.workerIdOf(presence);
        return new Claimant(workerId, presence.token(), null,
                new WorkerOptions(workerId, List.of(), List.of(), true, Map.of()), ClaimRules.PLAIN, task -> null);
    }

    /** A worker not started yet, as a dry run imagines it: it holds no presence lock, so no token. */
    public static Claimant notStarted(String workerId) {
        return new Claimant(workerId, Claim.UNKNOWN_PRESENCE, null,
                new WorkerOptions(workerId, List.of(), List.of(), true, Map.of()), ClaimRules.PLAIN, task -> null);
    }

    public Claimant withPolicy(PartitionPolicy partitionPolicy, WorkerOptions workerOptions) {
        return new Claimant(workerId, presence, partitionPolicy, workerOptions, rules, agentFor);
    }

    public Claimant withRules(ClaimRules claimRules) {
        return new Claimant(workerId, presence, policy, options, claimRules, agentFor);
    }

    public Claimant withAgents(Function<TaskView, String> agentOf) {
        return new Claimant(workerId, presence, policy, options, rules, agentOf);
    }
}
