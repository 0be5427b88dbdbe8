package dev.wvo.accounts;

import dev.wvo.spi.Usage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Spending against the budgets ({@link Budgets}), as the cost ledger has it at one moment: what a
 * task spent in all its runs, what an account spent today (the local date), what a worker spent
 * since it started. Read once per check, so a check sees every host's runs recorded so far.
 */
public final class BudgetCheck {

    private final Budgets budgets;
    private final List<UsageRecord> runs;
    private final Clock clock;
    private final ZoneId zone;

    public BudgetCheck(Budgets budgets, List<UsageRecord> runs, Clock clock, ZoneId zone) {
        this.budgets = budgets;
        this.runs = List.copyOf(runs);
        this.clock = clock;
        this.zone = zone;
    }

    /** The check against the ledger of {@code stateDir} now. */
    public static BudgetCheck read(Path stateDir, Budgets budgets, Clock clock) {
        return new BudgetCheck(budgets, CostLedger.read(stateDir), clock, ZoneId.systemDefault());
    }

    /**
     * A budget reached.
     *
     * @param scope   {@code task}, {@code account_per_day} or {@code run}
     * @param subject the task, account or worker
     * @param budget  the budget
     * @param spent   what was spent against it
     * @param until   when it renews (the next local midnight, for an account's daily budget), else null
     */
    public record Reached(String scope, String subject, Budget budget, Usage spent, Instant until) {

        /** {@code the budget of task T1 is reached: $2.13 of $2.00}. */
        public String describe() {
            String whose = switch (scope) {
                case "task" -> "task " + subject;
                case "account_per_day" -> "account " + subject + " for today";
                default -> "the run of " + subject;
            };
            return "the budget of " + whose + " is reached: " + budget.describe(spent);
        }
    }

    /**
     * The task's budget, if its runs since its last reset reached it: its own {@code budget:}
     * field, else the configuration's per-task budget.
     *
     * @param own       the task's {@code budget:} field, or null
     * @param fromAttempt the first attempt that counts ({@link Budgets#COUNTED_FROM_ATTEMPT}; 1 when it was never reset)
     * @throws IllegalArgumentException naming the field's value when it is not a budget
     */
    public Optional<Reached> task(String taskId, Object own, int fromAttempt) {
        return reached("task", taskId, budgets.ofTask(taskId, own),
                r -> TaskBudget.counts(r, taskId, fromAttempt), null);
    }

    /** The account's daily budget, if its runs of today reached it (it renews at the next local midnight). */
    public Optional<Reached> accountToday(String account) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        Instant midnight = today.plusDays(1).atStartOfDay(zone).toInstant();
        return reached("account_per_day", account, budgets.accountPerDay(),
                r -> account.equals(r.account()) && LocalDate.ofInstant(r.time(), zone).equals(today), midnight);
    }

    /** The run's budget, if the worker's runs since {@code since} reached it. */
    public Optional<Reached> run(String worker, Instant since) {
        return reached("run", worker, budgets.run(), r -> worker.equals(r.worker()) && !r.time().isBefore(since), null);
    }

    /** What the runs of {@code task} from attempt {@code fromAttempt} on spent: what counts against its budget. */
    public Usage spentOnTask(String task, int fromAttempt) {
        return spent(r -> TaskBudget.counts(r, task, fromAttempt));
    }

    /** What the matching runs spent. */
    public Usage spent(Predicate<UsageRecord> which) {
        return runs.stream().filter(which).map(UsageRecord::usage).reduce(Usage.NONE, Usage::plus);
    }

    private Optional<Reached> reached(String scope, String subject, Budget budget, Predicate<UsageRecord> which,
                                      Instant until) {
        if (budget == null) {
            return Optional.empty();
        }
        Usage spent = spent(which);
        return budget.reachedBy(spent) ? Optional.of(new Reached(scope, subject, budget, spent, until)) : Optional.empty();
    }
}
