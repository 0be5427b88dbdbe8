package dev.wvo.worker;

import dev.wvo.accounts.BudgetCheck;
import dev.wvo.spi.Usage;

import java.util.LinkedHashMap;
import java.util.Map;

/** The details of a {@code budget} event: which budget, of whom, what was spent, and what wvo did. */
final class BudgetEvents {

    private BudgetEvents() {
    }

    static Map<String, Object> details(BudgetCheck.Reached reached, String action) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("scope", reached.scope());
        d.put("subject", reached.subject());
        d.put("budget", reached.budget().toString());
        Usage spent = reached.spent();
        d.put("spent_usd", spent.costUsd());
        d.put("spent_tokens", spent.inputTokens() + spent.outputTokens() + spent.cacheReadTokens() + spent.cacheWriteTokens());
        d.put("until", reached.until() == null ? null : reached.until().toString());
        d.put("action", action);
        d.put("summary", reached.describe());
        return d;
    }
}
