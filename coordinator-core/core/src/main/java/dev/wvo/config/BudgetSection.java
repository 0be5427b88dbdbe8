package dev.wvo.config;

import dev.wvo.accounts.Budget;
import dev.wvo.accounts.Budgets;

/**
 * Reads the {@code budget:} section.
 *
 * <pre>
 * budget:
 *   task: $2                 # each task, all its attempts (a task's own budget: wins)
 *   account_per_day: $20     # each account, per local day
 *   run: 5m tokens           # each worker, from its start
 * </pre>
 */
final class BudgetSection {

    private BudgetSection() {
    }

    static Budgets read(ConfigFile config) {
        var section = config.root().child("budget");
        if (section.isEmpty()) {
            return Budgets.NONE;
        }
        var b = section.get().onlyKeys("task", "account_per_day", "run");
        return new Budgets(budget(b, "task"), budget(b, "account_per_day"), budget(b, "run"));
    }

    private static Budget budget(ConfigFile.Entry section, String key) {
        return section.child(key).map(e -> {
            Budget.problemOf(e.text()).ifPresent(problem -> {
                throw e.problem(problem);
            });
            return Budget.parse(e.text()).orElseThrow();
        }).orElse(null);
    }
}
