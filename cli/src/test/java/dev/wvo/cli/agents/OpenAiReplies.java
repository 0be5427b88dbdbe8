package dev.wvo.cli.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Renders replies as OpenAI's Responses API streams them to Codex: {@code response.created},
 * {@code response.output_item.added}, the item's deltas ({@code output_text},
 * {@code custom_tool_call_input} for {@code apply_patch}, {@code function_call_arguments} for
 * {@code exec_command}), {@code response.output_item.done}, and {@code response.completed} with
 * the usage; errors as the API's error bodies, a usage limit as {@code usage_limit_reached}.
 */
final class OpenAiReplies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OpenAiReplies() {
    }

    static HttpReply render(Reply reply, JsonNode request, Conversation conversation, TokenUsage usage,
                            Supplier<String> ids) {
        if (reply instanceof Reply.Failure failure) {
            return failure(failure);
        }
        if (reply instanceof Reply.NearLimit near) {
            return render(near.reply(), request, conversation, usage, ids); // a claude subscription's warning only
        }
        String responseId = "resp_" + ids.get();
        String itemId = "item_" + ids.get();
        ObjectNode item = JSON.createObjectNode();
        ObjectNode delta = JSON.createObjectNode();
        if (reply instanceof Reply.Text text) {
            item.put("type", "message").put("id", itemId).put("role", "assistant").put("status", "completed");
            item.putArray("content").addObject().put("type", "output_text").put("text", text.text()).putArray("annotations");
            delta.put("type", "response.output_text.delta").put("item_id", itemId).put("output_index", 0)
                    .put("content_index", 0).put("delta", text.text());
        } else if (reply instanceof Reply.WriteFile write) {
            StringBuilder patch = new StringBuilder("*** Begin Patch\n*** Add File: ").append(write.path()).append('\n');
            write.content().lines().forEach(line -> patch.append('+').append(line).append('\n'));
            patch.append("*** End Patch\n");
            item.put("type", "custom_tool_call").put("id", itemId).put("call_id", "call_" + ids.get())
                    .put("name", "apply_patch").put("status", "completed").put("input", patch.toString());
            delta.put("type", "response.custom_tool_call_input.delta").put("item_id", itemId).put("output_index", 0)
                    .put("delta", patch.toString());
        } else if (reply instanceof Reply.RunCommand run) {
            String arguments = JSON.createObjectNode().put("cmd", run.command()).toString();
            item.put("type", "function_call").put("id", itemId).put("call_id", "call_" + ids.get())
                    .put("name", "exec_command").put("status", "completed").put("arguments", arguments);
            delta.put("type", "response.function_call_arguments.delta").put("item_id", itemId).put("output_index", 0)
                    .put("delta", arguments);
        } else {
            throw new IllegalArgumentException("Not renderable: " + reply);
        }
        StringBuilder sse = new StringBuilder();
        ObjectNode created = JSON.createObjectNode().put("type", "response.created");
        created.putObject("response").put("id", responseId).put("status", "in_progress").putArray("output");
        event(sse, created);
        ObjectNode inProgress = item.deepCopy().put("status", "in_progress");
        if (inProgress.has("input")) {
            inProgress.put("input", "");
        }
        if (inProgress.has("arguments")) {
            inProgress.put("arguments", "");
        }
        event(sse, JSON.createObjectNode().put("type", "response.output_item.added").put("output_index", 0)
                .set("item", inProgress));
        event(sse, delta);
        event(sse, JSON.createObjectNode().put("type", "response.output_item.done").put("output_index", 0)
                .set("item", item));
        ObjectNode completed = JSON.createObjectNode().put("type", "response.completed");
        ObjectNode response = completed.putObject("response").put("id", responseId).put("status", "completed");
        response.putArray("output").add(item);
        ObjectNode tokens = response.putObject("usage").put("input_tokens", usage.input());
        tokens.putObject("input_tokens_details").put("cached_tokens", usage.cacheRead());
        tokens.put("output_tokens", usage.output());
        tokens.putObject("output_tokens_details").put("reasoning_tokens", 0);
        tokens.put("total_tokens", usage.input() + usage.output());
        event(sse, completed);
        return HttpReply.eventStream(sse.toString());
    }

    private static HttpReply failure(Reply.Failure failure) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("message", failure.message());
        Map<String, String> headers = new LinkedHashMap<>();
        if (failure.resetsAt() != null) {
            error.put("type", "usage_limit_reached").put("plan_type", "pro")
                    .put("resets_at", failure.resetsAt().getEpochSecond());
        } else if (failure.status() == 429) {
            error.put("type", "requests").put("code", "rate_limit_exceeded");
        } else {
            error.put("type", failure.status() < 500 ? "invalid_request_error" : "server_error");
        }
        if (failure.retryAfter() != null) {
            long seconds = Math.max(1, failure.retryAfter().toSeconds());
            headers.put("retry-after", Long.toString(seconds));
            headers.put("x-ratelimit-limit-requests", "500");
            headers.put("x-ratelimit-remaining-requests", "0");
            headers.put("x-ratelimit-reset-requests", seconds + "s");
            headers.put("x-ratelimit-reset-tokens", Instant.now().plusSeconds(seconds).toString());
        }
        return HttpReply.json(failure.status(), body.toString()).withHeaders(headers);
    }

    private static void event(StringBuilder sse, ObjectNode data) {
        sse.append("event: ").append(data.path("type").asText()).append('\n').append("data: ").append(data).append("\n\n");
    }
}
