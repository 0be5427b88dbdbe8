package dev.wvo.reactions;

import dev.wvo.config.Reaction;
import dev.wvo.config.Trigger;
import dev.wvo.schedule.FailureRule;
import dev.wvo.schedule.TaskBoard;
import dev.wvo.schedule.TaskState;
import dev.wvo.spi.AgentOutcome;

import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What wvo does, per task, when something happens to it, from the {@code reactions:} section of
 * {@code state/config.yaml}:
 *
 * <pre>
 * reactions:
 *   merge_test_failed: {action: retry, max: 2}  # back to the agent with the test output
 *   merge_conflict:    {action: retry, max: 2}  # a new attempt from the new target
 *   stalled:           {action: retry, max: 2}
 *   timed_out:         {action: retry, max: 1}
 *   refused:           {action: retry, max: 1}  # the agent's permissions refused its edits
 *   no_changes:        {action: retry, max: 1}  # "success", but nothing changed
 *   failed:            {action: retry}          # within max_attempts
 * </pre>
 *
 * <p>Every retry is a new attempt and counts against the task's {@code max_attempts}; a task is
 * blocked for a person when a trigger's {@code max} or its {@code max_attempts} is used up, so that
 * a task that keeps failing cannot be respawned forever.
 */
public final class Reactions {

    /** The task's field that counts how many times each trigger happened to it. */
    public static final String FIELD = "reactions";

    /** The defaults, used for every trigger the configuration does not name. */
    public static final Reactions DEFAULTS = new Reactions(Reaction.defaults());

    private final Map<Trigger, Reaction> byTrigger;

    /** @param byTrigger the reaction to each trigger ({@link dev.wvo.config.Config#reactions()}) */
    public Reactions(Map<Trigger, Reaction> byTrigger) {
        this.byTrigger = new EnumMap<>(byTrigger);
    }

    /** The trigger of an attempt that did not succeed. */
    public static Trigger triggerOf(AgentOutcome.Status status) {
        return switch (status) {
            case STALLED -> Trigger.STALLED;
            case TIMED_OUT -> Trigger.TIMED_OUT;
            case REFUSED -> Trigger.REFUSED;
            case NO_CHANGES -> Trigger.NO_CHANGES;
            default -> Trigger.FAILED;
        };
    }

    /** The reaction to one trigger. */
    public Reaction of(Trigger trigger) {
        return byTrigger.get(trigger);
    }

    /**
     * Decides what happens after {@code trigger} happened once more to a task.
     *
     * @param countBefore  how many times it had happened before
     * @param attemptsUsed the attempts the task has made, the one that just ended included
     * @param maxAttempts  the task's {@code max_attempts}
     * @param mayRetry     false when another setting forbids a retry (the merge queue's {@code escalate}),
     *                     named here as the reason, else null
     */
    public ReactionDecision decide(Trigger trigger, int countBefore, int attemptsUsed, int maxAttempts, String mayRetry) {
        int count = countBefore + 1;
        Reaction r = of(trigger);
        String happened = trigger.key() + " " + times(count);
        if (mayRetry != null) {
            return new ReactionDecision(trigger, count, false, happened + " and " + mayRetry);
        }
        if (r.action() == Reaction.Action.BLOCK) {
            return new ReactionDecision(trigger, count, false, happened + "; reactions." + trigger.key()
                    + ".action is block");
        }
        if (r.max() != null && count > r.max()) {
            return new ReactionDecision(trigger, count, false, happened + ", more than reactions." + trigger.key()
                    + ".max (" + r.max() + ") allows");
        }
        if (attemptsUsed >= maxAttempts) {
            return new ReactionDecision(trigger, count, false, happened + " and all " + maxAttempts + " of its attempts "
                    + "(max_attempts) are used");
        }
        return new ReactionDecision(trigger, count, true, null);
    }

    /**
     * Decides, inside a roadmap transaction, and records the task's new count in its
     * {@code reactions:} map.
     *
     * @param attemptsUsed the attempts the task has made, the one that just ended included
     * @param mayRetry     as for {@link #decide}
     */
    public ReactionDecision react(TaskBoard board, TaskState task, Trigger trigger, int attemptsUsed, String mayRetry) {
        Map<Trigger, Integer> counts = countsOf(task.view().extra().get(FIELD));
        ReactionDecision decision = decide(trigger, counts.getOrDefault(trigger, 0), attemptsUsed, task.maxAttempts(),
                mayRetry);
        counts.put(trigger, decision.count());
        Map<String, Object> field = new LinkedHashMap<>();
        counts.forEach((t, n) -> field.put(t.key(), n));
        board.record(task.id(), Map.of(FIELD, field));
        return decision;
    }

    /**
     * The rule for an attempt that failed with {@code trigger}: decided and counted inside the
     * completion's transaction; a block comes with its {@code needs-attention} event.
     *
     * @param attempt the attempt that failed, the one the task's count of attempts now includes
     * @param worker  the worker whose attempt it was
     */
    public FailureRule forAttempt(Trigger trigger, int attempt, String worker, Clock clock) {
        return (board, task, summary) -> {
            ReactionDecision decision = react(board, task, trigger, attempt, null);
            if (decision.retry()) {
                return Optional.empty();
            }
            String blocked = decision.blockedSummary(task.id(), summary);
            return Optional.of(new FailureRule.Block(blocked,
                    NeedsAttention.event(clock, worker, task.id(), attempt, decision, blocked)));
        };
    }

    /** The counts of a task's {@code reactions:} field, read leniently: a person may have edited it. */
    public static Map<Trigger, Integer> countsOf(Object field) {
        Map<Trigger, Integer> counts = new EnumMap<>(Trigger.class);
        if (field instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                Trigger t = Trigger.ofKey(String.valueOf(k));
                if (t != null) {
                    try {
                        counts.put(t, Math.max(0, Integer.parseInt(String.valueOf(v).strip())));
                    } catch (NumberFormatException e) {
                        counts.put(t, 0); // not a count: read as none rather than stop the worker
                    }
                }
            });
        }
        return counts;
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
    }
}
