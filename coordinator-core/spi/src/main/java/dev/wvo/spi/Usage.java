package dev.wvo.spi;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one agent run used, as its CLI reported it: tokens by kind and, when the CLI prices the
 * run itself (Claude Code's {@code total_cost_usd}), the cost. wvo records it with every attempt
 * and hop and sums it in {@code wvo cost}; it never prices tokens on its own.
 *
 * @param model            the model the run used, as the CLI named it, or null when it did not say
 * @param inputTokens      input tokens not read from the cache
 * @param outputTokens     output tokens (reasoning included)
 * @param cacheReadTokens  input tokens read from the prompt cache
 * @param cacheWriteTokens input tokens written to the prompt cache
 * @param costUsd          the cost in US dollars as the CLI reported it, or null when it reports none
 */
public record Usage(String model, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    Double costUsd) {

    /** A run that reported nothing. */
    public static final Usage NONE = new Usage(null, 0, 0, 0, 0, null);

    public Usage {
        if (inputTokens < 0 || outputTokens < 0 || cacheReadTokens < 0 || cacheWriteTokens < 0) {
            throw new IllegalArgumentException("Token counts cannot be negative: " + inputTokens + ", " + outputTokens
                    + ", " + cacheReadTokens + ", " + cacheWriteTokens);
        }
    }

    /** True when nothing was reported: no tokens and no cost. */
    public boolean isEmpty() {
        return inputTokens == 0 && outputTokens == 0 && cacheReadTokens == 0 && cacheWriteTokens == 0 && costUsd == null;
    }

    /** All tokens of every kind. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
    }

    /**
     * The two added up: tokens summed, costs summed (null only when neither has one), the models
     * named once each, joined by {@code +}.
     */
    public Usage plus(Usage other) {
        String sum = model == null ? other.model : other.model == null ? model : distinctModels(model, other.model);
        Double cost = costUsd == null ? other.costUsd
                : other.costUsd == null ? costUsd : Double.valueOf(costUsd + other.costUsd);
        return new Usage(sum, inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens, cost);
    }

    /** Both names, each model once: {@code a+b} plus {@code b} is {@code a+b}. */
    private static String distinctModels(String a, String b) {
        Set<String> names = new LinkedHashSet<>(List.of(a.split("\\+")));
        names.addAll(List.of(b.split("\\+")));
        return String.join("+", names);
    }

    /** This usage with the model named, when the CLI's output did not say it. */
    public Usage withModel(String name) {
        return new Usage(name, inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens, costUsd);
    }
}
