package dev.wvo.accounts;

import dev.wvo.spi.Usage;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spending limit: dollars as the agents' CLIs report their cost, or tokens (input, output and
 * cache, all counted). Written {@code $2.50}, {@code 2.5 usd}, {@code 200000 tokens} or
 * {@code 200k tokens}. A run whose CLI reports no cost (codex) counts nothing against a dollar
 * budget; a token budget counts every run.
 *
 * @param usd    the dollars, or null for a token budget
 * @param tokens the tokens, or null for a dollar budget
 */
public record Budget(Double usd, Long tokens) {

    private static final Pattern DOLLARS = Pattern.compile("\\$\\s*([0-9]+(?:\\.[0-9]+)?)|([0-9]+(?:\\.[0-9]+)?)\\s*(?:usd|\\$)");
    private static final Pattern TOKENS = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([km]?)\\s*tokens?");

    public Budget {
        if ((usd == null) == (tokens == null)) {
            throw new IllegalArgumentException("A budget is dollars or tokens, one of them");
        }
    }

    /**
     * Reads {@code $2.50}, {@code 2.5 usd}, {@code 200000 tokens}, {@code 200k tokens}, {@code 1.5m tokens}.
     *
     * @return empty when the text is none of these
     */
    public static Optional<Budget> parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        Matcher d = DOLLARS.matcher(t);
        if (d.matches()) {
            return Optional.of(new Budget(Double.parseDouble(d.group(1) != null ? d.group(1) : d.group(2)), null));
        }
        Matcher k = TOKENS.matcher(t);
        if (k.matches()) {
            double n = Double.parseDouble(k.group(1)) * switch (k.group(2)) {
                case "k" -> 1_000;
                case "m" -> 1_000_000;
                default -> 1;
            };
            return Optional.of(new Budget(null, Math.round(n)));
        }
        return Optional.empty();
    }

    /**
     * Why {@code text} is not a budget, if it is not: none of the forms {@link #parse} reads, or a
     * budget of nothing (zero is reached before anything runs: every task it covers would be
     * blocked, every account parked, before a single run).
     *
     * @return what is wrong and what to write, starting with "is '...'"
     */
    public static Optional<String> problemOf(String text) {
        Optional<Budget> budget = parse(text);
        if (budget.isEmpty()) {
            return Optional.of("is '" + text.strip() + "', which is not a budget; write " + FORMS);
        }
        if (budget.get().amount() <= 0) {
            return Optional.of("is '" + text.strip() + "', a budget of nothing, reached before anything runs; write "
                    + "more than zero, or remove it for no budget");
        }
        return Optional.empty();
    }

    /** The forms {@link #parse} reads, for messages. */
    public static final String FORMS = "$2.50, 2.5 usd, 200000 tokens or 200k tokens";

    /** What counts against this budget in a usage: its cost, or all its tokens. */
    public double spentOf(Usage used) {
        if (usd != null) {
            return used.costUsd() == null ? 0 : used.costUsd();
        }
        return used.inputTokens() + used.outputTokens() + used.cacheReadTokens() + used.cacheWriteTokens();
    }

    /** The budget as a number of its unit. */
    public double amount() {
        return usd != null ? usd : tokens;
    }

    /** Whether {@code used} has reached the budget. */
    public boolean reachedBy(Usage used) {
        return spentOf(used) >= amount();
    }

    /** {@code $2.13 of $2.00}, {@code 130000 of 100000 tokens}. */
    public String describe(Usage used) {
        return usd != null ? String.format(Locale.ROOT, "$%.2f of $%.2f", spentOf(used), usd)
                : String.format(Locale.ROOT, "%d of %d tokens", (long) spentOf(used), tokens);
    }

    @Override
    public String toString() {
        return usd != null ? String.format(Locale.ROOT, "$%.2f", usd) : tokens + " tokens";
    }
}
