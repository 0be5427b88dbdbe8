package dev.wvo.accounts;

import dev.wvo.spi.Usage;

import java.util.Map;

/**
 * A task's budget with what counts against it: the runs of its attempts since its last
 * {@code wvo task reset} ({@link Budgets#COUNTED_FROM_ATTEMPT}), all of them when it was never
 * reset. The worker's check ({@link BudgetCheck#task}) and every view of a task's budget
 * ({@code wvo cost}, {@code wvo status}) count the same runs.
 *
 * @param budget      the task's own {@code budget:}, else the configured per-task budget
 * @param counted     what its counted runs spent
 * @param fromAttempt the first attempt that counts; 1 when the task was never reset
 */
public record TaskBudget(Budget budget, Usage counted, int fromAttempt) {

    /** The first attempt that counts against the budget of a task with these roadmap fields. */
    public static int fromAttemptOf(Map<String, Object> taskFields) {
        return taskFields.get(Budgets.COUNTED_FROM_ATTEMPT) instanceof Number n ? n.intValue() : 1;
    }

    /** Whether {@code run} counts against the budget of {@code task}. */
    static boolean counts(UsageRecord run, String task, int fromAttempt) {
        return task.equals(run.task()) && run.attempt() >= fromAttempt;
    }

    public boolean reached() {
        return budget.reachedBy(counted);
    }

    /** {@code $2.13 of $2.00}, with {@code since the reset} when earlier runs do not count. */
    public String describe() {
        return budget.describe(counted) + (fromAttempt > 1 ? " since the reset" : "");
    }
}
