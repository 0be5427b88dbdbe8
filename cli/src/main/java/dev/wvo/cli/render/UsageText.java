package dev.wvo.cli.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.UsageFields;
import dev.wvo.spi.Usage;

import java.util.Locale;

/** How tokens and cost read in every view: {@code 12.3k in · 1.2k out · 40k cached · $0.0421}. */
public final class UsageText {

    private UsageText() {
    }

    /** One line of tokens and cost; {@code -} for a run that reported nothing. */
    public static String of(Usage usage) {
        if (usage.isEmpty()) {
            return "-";
        }
        String tokens = count(usage.inputTokens()) + " in · " + count(usage.outputTokens()) + " out";
        long cached = usage.cacheReadTokens() + usage.cacheWriteTokens();
        return tokens + (cached == 0 ? "" : " · " + count(cached) + " cached") + " · " + cost(usage.costUsd());
    }

    /** A cost in dollars as the CLIs report it, or {@code no cost reported} (codex reports none). */
    public static String cost(Double usd) {
        return usd == null ? "no cost reported" : String.format(Locale.ROOT, "$%.4f", usd);
    }

    public static String count(long tokens) {
        if (tokens < 1000) {
            return Long.toString(tokens);
        }
        return tokens < 1_000_000 ? String.format(Locale.ROOT, "%.1fk", tokens / 1000.0)
                : String.format(Locale.ROOT, "%.2fM", tokens / 1_000_000.0);
    }

    /** The JSON keys every {@code --json} output uses for a usage: its model, then {@link UsageFields}'. */
    public static void put(ObjectNode node, Usage usage) {
        node.put("model", usage.model());
        UsageFields.put(node, usage);
    }
}
