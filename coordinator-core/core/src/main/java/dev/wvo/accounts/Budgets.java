package dev.wvo.accounts;


/**
 * The {@code budget:} section of {@code config.yaml}: how much may be spent on one task (all its
 * attempts and hops; a task's own {@code budget:} in the roadmap wins), by one account in one
 * day (the local date), and by one worker's run (from its start). A worker checks before it
 * claims and after each attempt: a task at its budget is blocked for a person, an account at its
 * daily budget is treated as limited until midnight (the worker moves on to its next account, or
 * parks), and a worker at its run's budget stops taking tasks.
 *
 * @param task           per task, or null
 * @param accountPerDay  per account and day, or null
 * @param run            per worker run, or null
 */
public record Budgets(Budget task, Budget accountPerDay, Budget run) {

    /**
     * The task field {@code wvo task reset} writes: the first attempt whose runs count against the
     * task's budget. A reset lets a task spend its budget afresh; the runs before it stay in the
     * ledger (for {@code wvo cost}) and are counted for nothing else.
     */
    public static final String COUNTED_FROM_ATTEMPT = "budget_from_attempt";

    /** No budget at all. */
    public static final Budgets NONE = new Budgets(null, null, null);

    /**
     * The budget of a task: its own {@code budget:} field of the roadmap, else the per-task budget;
     * null when it has neither.
     *
     * @param own the task's {@code budget:} field, or null
     * @throws IllegalArgumentException naming the task and what is wrong when the field is not a budget
     *                                  (the roadmap's check reports it too, and keeps the task from running)
     */
    public Budget ofTask(String taskId, Object own) {
        if (own == null) {
            return task;
        }
        String text = String.valueOf(own);
        Budget.problemOf(text).ifPresent(problem -> {
            throw new IllegalArgumentException("task " + taskId + ": its budget " + problem);
        });
        return Budget.parse(text).orElseThrow();
    }
}
