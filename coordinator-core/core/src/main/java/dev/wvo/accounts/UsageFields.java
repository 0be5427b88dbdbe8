package dev.wvo.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.spi.Usage;

/**
 * The one JSON shape of a usage, in {@code attempt.json} and in every {@code --json} output:
 * {@code input_tokens}, {@code output_tokens}, {@code cache_read_tokens},
 * {@code cache_write_tokens} and {@code cost_usd} (null when the CLI reported none).
 */
public final class UsageFields {

    private UsageFields() {
    }

    /** Adds the token and cost keys of {@code usage} to {@code node}. */
    public static void put(ObjectNode node, Usage usage) {
        node.put("input_tokens", usage.inputTokens());
        node.put("output_tokens", usage.outputTokens());
        node.put("cache_read_tokens", usage.cacheReadTokens());
        node.put("cache_write_tokens", usage.cacheWriteTokens());
        if (usage.costUsd() == null) {
            node.putNull("cost_usd");
        } else {
            node.put("cost_usd", usage.costUsd());
        }
    }

    /** The usage whose token and cost keys {@link #put} wrote into {@code node}, with the model named. */
    public static Usage read(JsonNode node, String model) {
        return new Usage(model, node.path("input_tokens").asLong(), node.path("output_tokens").asLong(),
                node.path("cache_read_tokens").asLong(), node.path("cache_write_tokens").asLong(),
                node.path("cost_usd").isNumber() ? node.get("cost_usd").asDouble() : null);
    }
}
