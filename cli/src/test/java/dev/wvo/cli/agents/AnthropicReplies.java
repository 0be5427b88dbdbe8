package dev.wvo.cli.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders replies as Anthropic's Messages API does: a streamed answer as the SSE events
 * {@code message_start}, {@code content_block_start/delta/stop}, {@code message_delta} (with the
 * stop reason and usage), {@code message_stop}; a plain one as one message object; errors with
 * the API's error body and, for limits, its rate-limit headers.
 */
final class AnthropicReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnthropicReplies() {
    }

    static HttpReply render(Reply reply, JsonNode request, Conversation conversation, TokenUsage usage,
                            Supplier<String> ids) {
        if (reply instanceof Reply.Failure failure) {
            return failure(failure);
        }
        if (reply instanceof Reply.NearLimit near) {
            String reset = Long.toString(near.resetsAt().getEpochSecond());
            return render(near.reply(), request, conversation, usage, ids).withHeaders(Map.of(
                    "anthropic-ratelimit-unified-status", "allowed",
                    "anthropic-ratelimit-unified-reset", reset,
                    "anthropic-ratelimit-unified-5h-utilization", Double.toString(near.utilization()),
                    "anthropic-ratelimit-unified-5h-reset", reset,
                    "anthropic-ratelimit-unified-5h-surpassed-threshold", "0.8"));
        }
        String model = request.path("model").asText("claude-scripted");
        ObjectNode block = JSON.createObjectNode();
        String stopReason = "tool_use";
        if (reply instanceof Reply.Text text) {
            block.put("type", "text").put("text", text.text());
            stopReason = "end_turn";
        } else if (reply instanceof Reply.WriteFile write) {
            block.put("type", "tool_use").put("id", "toolu_" + ids.get()).put("name", "Write");
            block.putObject("input").put("file_path", write.resolvedAgainst(conversation.workingDirectory()))
                    .put("content", write.content());
        } else if (reply instanceof Reply.RunCommand run) {
            block.put("type", "tool_use").put("id", "toolu_" + ids.get()).put("name", "Bash");
            block.putObject("input").put("command", run.command()).put("description", "Run a command");
        } else {
            throw new IllegalArgumentException("Not renderable: " + reply);
        }
        String id = "msg_" + ids.get();
        return request.path("stream").asBoolean(false) ? stream(id, model, block, stopReason, usage)
                : HttpReply.json(200, message(id, model, block, stopReason, usage).toString());
    }

    /**
     * A side request (no tools: the session title, topic detection): answered without the script,
     * with JSON that fits the schema it asks for, or a short text.
     */
    static HttpReply sideReply(JsonNode request, TokenUsage usage, Supplier<String> ids) {
        JsonNode schema = request.path("output_config").path("format").path("schema");
        String text = schema.isObject() ? instanceOf(schema).toString() : "Scripted";
        ObjectNode block = JSON.createObjectNode().put("type", "text").put("text", text);
        String model = request.path("model").asText("claude-scripted");
        String id = "msg_" + ids.get();
        return request.path("stream").asBoolean(false) ? stream(id, model, block, "end_turn", usage)
                : HttpReply.json(200, message(id, model, block, "end_turn", usage).toString());
    }

    static HttpReply countTokens() {
        return HttpReply.json(200, "{\"input_tokens\":1200}");
    }

    private static HttpReply stream(String id, String model, ObjectNode block, String stopReason, TokenUsage usage) {
        StringBuilder sse = new StringBuilder();
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        ObjectNode message = start.putObject("message").put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content");
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usageNode(usage, 1));
        event(sse, "message_start", start);
        ObjectNode emptyBlock = block.deepCopy();
        ObjectNode delta = JSON.createObjectNode();
        if ("text".equals(block.path("type").asText())) {
            emptyBlock.put("text", "");
            delta.put("type", "text_delta").put("text", block.path("text").asText());
        } else {
            emptyBlock.putObject("input");
            delta.put("type", "input_json_delta").put("partial_json", block.path("input").toString());
        }
        event(sse, "content_block_start", JSON.createObjectNode().put("type", "content_block_start").put("index", 0)
                .set("content_block", emptyBlock));
        event(sse, "content_block_delta", JSON.createObjectNode().put("type", "content_block_delta").put("index", 0)
                .set("delta", delta));
        event(sse, "content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", usage.output());
        event(sse, "message_delta", messageDelta);
        event(sse, "message_stop", JSON.createObjectNode().put("type", "message_stop"));
        return HttpReply.eventStream(sse.toString());
    }

    private static ObjectNode message(String id, String model, ObjectNode block, String stopReason, TokenUsage usage) {
        ObjectNode message = JSON.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
        message.putArray("content").add(block);
        message.put("stop_reason", stopReason).putNull("stop_sequence");
        message.set("usage", usageNode(usage, usage.output()));
        return message;
    }

    private static ObjectNode usageNode(TokenUsage usage, long output) {
        return JSON.createObjectNode().put("input_tokens", usage.input())
                .put("cache_creation_input_tokens", usage.cacheWrite())
                .put("cache_read_input_tokens", usage.cacheRead()).put("output_tokens", output);
    }

    private static HttpReply failure(Reply.Failure failure) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", errorType(failure.status())).put("message", failure.resetsAt() == null
                ? failure.message() : "Claude AI usage limit reached|" + failure.resetsAt().getEpochSecond());
        body.put("request_id", "req_scripted");
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure.retryAfter() != null) {
            Instant reset = Instant.now().plus(failure.retryAfter());
            headers.put("retry-after", Long.toString(Math.max(1, failure.retryAfter().toSeconds())));
            headers.put("anthropic-ratelimit-requests-limit", "50");
            headers.put("anthropic-ratelimit-requests-remaining", "0");
            headers.put("anthropic-ratelimit-requests-reset", DateTimeFormatter.ISO_INSTANT.format(reset));
            headers.put("anthropic-ratelimit-tokens-limit", "40000");
            headers.put("anthropic-ratelimit-tokens-remaining", "0");
            headers.put("anthropic-ratelimit-tokens-reset", DateTimeFormatter.ISO_INSTANT.format(reset));
        }
        if (failure.resetsAt() != null) {
            // what a subscription's 5-hour window sends when it is used up; claude reads it on an OAuth login
            String reset = Long.toString(failure.resetsAt().getEpochSecond());
            headers.put("anthropic-ratelimit-unified-status", "rejected");
            headers.put("anthropic-ratelimit-unified-reset", reset);
            headers.put("anthropic-ratelimit-unified-5h-status", "rejected");
            headers.put("anthropic-ratelimit-unified-5h-reset", reset);
            headers.put("anthropic-ratelimit-unified-representative-claim", "five_hour");
        }
        return HttpReply.json(failure.status(), body.toString()).withHeaders(headers);
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    /** A value that fits a JSON schema: every property, strings filled in, numbers zero, booleans false. */
    private static JsonNode instanceOf(JsonNode schema) {
        switch (schema.path("type").asText("object")) {
            case "object" -> {
                ObjectNode out = JSON.createObjectNode();
                schema.path("properties").fields().forEachRemaining(p -> out.set(p.getKey(), instanceOf(p.getValue())));
                return out;
            }
            case "array" -> {
                ArrayNode out = JSON.createArrayNode();
                return out;
            }
            case "boolean" -> {
                return JSON.getNodeFactory().booleanNode(false);
            }
            case "number", "integer" -> {
                return JSON.getNodeFactory().numberNode(0);
            }
            default -> {
                return JSON.getNodeFactory().textNode("Scripted task");
            }
        }
    }

    private static void event(StringBuilder sse, String name, JsonNode data) {
        sse.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
    }
}
