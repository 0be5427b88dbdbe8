package dev.wvo.cli.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.ClockTime;
import dev.wvo.status.StatusSnapshot;

import java.time.Duration;
import java.time.Instant;

/**
 * How an account reads in every view ({@code wvo status}, {@code wvo limits}, the shell): usable,
 * or limited until when and why; what it spent today against its daily budget. Its JSON shape is
 * the same in {@code status --json} and {@code limits --json}.
 */
public final class AccountText {

    private AccountText() {
    }

    /** {@code usable}, or {@code limited until 14:05 (in 2h 10m)}. */
    public static String state(StatusSnapshot.AccountLine a, Instant now) {
        if (a.usable()) {
            return "usable";
        }
        return "limited until " + ClockTime.of(a.limit().until()) + " (in " + DurationText.age(Duration.between(now,
                a.limit().until())) + ")";
    }

    /** Why it is limited, or {@code -}. */
    public static String why(StatusSnapshot.AccountLine a) {
        return a.usable() || a.limit().reason() == null ? "-" : a.limit().reason();
    }

    /** {@code $1.2345 in 3 runs of $20.00}, {@code 12.3k tokens in 2 runs}, {@code -} when it ran nothing today. */
    public static String today(StatusSnapshot.AccountLine a) {
        if (a.runsToday() == 0) {
            return a.dailyBudget() == null ? "-" : "nothing of " + a.dailyBudget();
        }
        String spent = a.dailyBudget() != null ? a.dailyBudget().describe(a.spentToday())
                : a.spentToday().costUsd() != null ? UsageText.cost(a.spentToday().costUsd())
                : UsageText.count(a.spentToday().inputTokens() + a.spentToday().outputTokens()) + " tokens";
        return spent + " in " + a.runsToday() + " run" + (a.runsToday() == 1 ? "" : "s");
    }

    /** "All agents limited until 14:05 (claude:work resets first)". */
    public static String allLimited(StatusSnapshot.AllLimited all) {
        return "All agents limited until " + ClockTime.of(all.until()) + " (" + all.account() + " resets first)";
    }

    /** The JSON of one account. */
    public static void put(ObjectNode n, StatusSnapshot.AccountLine a) {
        n.put("account", a.id());
        n.put("backend", a.backend());
        n.put("usable", a.usable());
        n.put("until", a.usable() ? null : a.limit().until().toString());
        n.put("reason", a.usable() ? null : a.limit().reason());
        n.put("by", a.usable() ? null : a.limit().by());
        ObjectNode today = n.putObject("today");
        today.put("runs", a.runsToday());
        UsageText.put(today, a.spentToday());
        n.put("daily_budget", a.dailyBudget() == null ? null : a.dailyBudget().toString());
        n.put("daily_budget_reached", a.dailyBudgetReached());
    }

    /** The JSON of the pool-wide state, or null when it does not hold. */
    public static ObjectNode allLimitedJson(StatusSnapshot.AllLimited all, ObjectNode into) {
        if (all == null) {
            return null;
        }
        return into.put("until", all.until().toString()).put("account", all.account()).put("reason", all.reason());
    }
}
