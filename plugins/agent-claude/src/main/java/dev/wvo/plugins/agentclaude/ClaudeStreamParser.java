package dev.wvo.plugins.agentclaude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.spi.Usage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Claude Code's {@code --output-format stream-json} lines as they come: the session id and
 * model, the files its edit tools changed (a tool call counts once its result came back without
 * an error), its API retries on a rate limit, rate-limit events, and the final {@code result}
 * message with its permission denials, usage and cost. Unknown message types are ignored, as
 * the format's documentation asks; lines that are not JSON (some builds print debug lines to
 * stdout) are passed through as text.
 */
final class ClaudeStreamParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EDIT_TOOLS = Set.of("Edit", "Write", "MultiEdit", "NotebookEdit");

    private String sessionId;
    private String model;
    private boolean sawResult;
    private boolean isError;
    private Integer apiErrorStatus;
    private String resultText = "";
    private Usage usage = Usage.NONE;
    private boolean rateLimitRejected;
    private Instant rateLimitResetsAt;
    private int rateLimitRetries;
    private Duration lastRetryDelay = Duration.ZERO;
    private double warningUtilization = -1;
    private String warningWindow;
    private Instant warningResetsAt;
    private final Map<String, String> pendingEdits = new LinkedHashMap<>();
    private final Set<String> changedFiles = new LinkedHashSet<>();
    private final List<String> denials = new ArrayList<>();

    /**
     * Takes one line of standard output.
     *
     * @return the line as a person should see it, or empty to show nothing
     */
    Optional<String> accept(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed.isEmpty() ? Optional.empty() : Optional.of(line);
        }
        JsonNode message;
        try {
            message = JSON.readTree(trimmed);
        } catch (IOException e) {
            return Optional.of(line);
        }
        if (message.hasNonNull("session_id")) {
            sessionId = message.get("session_id").asText();
        }
        return switch (message.path("type").asText()) {
            case "system" -> system(message);
            case "assistant" -> Optional.ofNullable(assistant(message));
            case "user" -> {
                toolResults(message);
                yield Optional.empty();
            }
            case "rate_limit_event" -> rateLimit(message.path("rate_limit_info"));
            case "result" -> result(message);
            default -> Optional.empty();
        };
    }

    private Optional<String> system(JsonNode message) {
        switch (message.path("subtype").asText()) {
            case "init" -> {
                model = message.path("model").asText(null);
                return Optional.of("claude " + message.path("claude_code_version").asText("") + " · model " + model
                        + " · permission mode " + message.path("permissionMode").asText("?") + " · session " + sessionId);
            }
            case "api_retry" -> {
                String error = message.path("error").asText("error");
                if ("rate_limit".equals(error)) {
                    rateLimitRetries++;
                    lastRetryDelay = Duration.ofMillis((long) message.path("retry_delay_ms").asDouble(0));
                }
                return Optional.of("retrying API call (" + error + ", HTTP " + message.path("error_status").asText("?")
                        + "), attempt " + message.path("attempt").asInt() + "/" + message.path("max_retries").asInt());
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private String assistant(JsonNode message) {
        List<String> shown = new ArrayList<>();
        for (JsonNode block : message.path("message").path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> shown.add(block.path("text").asText());
                case "tool_use" -> {
                    String tool = block.path("name").asText();
                    JsonNode input = block.path("input");
                    if (EDIT_TOOLS.contains(tool)) {
                        String path = input.path("file_path").asText(input.path("notebook_path").asText(""));
                        if (!path.isEmpty()) {
                            pendingEdits.put(block.path("id").asText(), path);
                        }
                    }
                    String detail = input.hasNonNull("command") ? input.get("command").asText()
                            : input.hasNonNull("file_path") ? input.get("file_path").asText() : "";
                    shown.add("> " + tool + (detail.isEmpty() ? "" : ": " + detail));
                }
                default -> {
                    // thinking and other blocks are not shown
                }
            }
        }
        return shown.isEmpty() ? null : String.join("\n", shown);
    }

    /** An edit counts as made once its tool result came back without an error (a refused one comes back as an error). */
    private void toolResults(JsonNode message) {
        for (JsonNode block : message.path("message").path("content")) {
            if ("tool_result".equals(block.path("type").asText())) {
                String path = pendingEdits.remove(block.path("tool_use_id").asText());
                if (path != null && !block.path("is_error").asBoolean(false)) {
                    changedFiles.add(path);
                }
            }
        }
    }

    private Optional<String> rateLimit(JsonNode info) {
        if ("allowed_warning".equals(info.path("status").asText()) && info.hasNonNull("utilization")) {
            warningUtilization = info.get("utilization").asDouble();
            warningWindow = info.path("rateLimitType").asText("limit");
            warningResetsAt = info.hasNonNull("resetsAt") ? Instant.ofEpochSecond(info.get("resetsAt").asLong()) : null;
            return Optional.of("close to its limit: " + Math.round(warningUtilization * 100) + "% of the " + warningWindow
                    + " window used" + (warningResetsAt == null ? "" : ", resets at " + warningResetsAt));
        }
        if ("rejected".equals(info.path("status").asText())) {
            rateLimitRejected = true;
            if (info.hasNonNull("resetsAt")) {
                rateLimitResetsAt = Instant.ofEpochSecond(info.get("resetsAt").asLong());
            }
            return Optional.of("rate limit reached (" + info.path("rateLimitType").asText("limit") + ")"
                    + (rateLimitResetsAt == null ? "" : ", resets at " + rateLimitResetsAt));
        }
        return Optional.empty();
    }

    private Optional<String> result(JsonNode message) {
        sawResult = true;
        isError = message.path("is_error").asBoolean(false) || message.path("subtype").asText().startsWith("error");
        if (message.hasNonNull("api_error_status")) {
            apiErrorStatus = message.get("api_error_status").asInt();
        }
        if (message.hasNonNull("result")) {
            resultText = message.get("result").asText();
        } else if (message.path("errors").isArray()) {
            List<String> errors = new ArrayList<>();
            message.get("errors").forEach(e -> errors.add(e.asText()));
            resultText = String.join("; ", errors);
        }
        for (JsonNode denial : message.path("permission_denials")) {
            JsonNode input = denial.path("tool_input");
            String target = input.hasNonNull("file_path") ? input.get("file_path").asText()
                    : input.hasNonNull("command") ? input.get("command").asText() : input.toString();
            denials.add(denial.path("tool_name").asText("a tool") + " " + target);
        }
        usage = usageOf(message);
        return Optional.of((isError ? "error: " : "result: ") + resultText);
    }

    /**
     * Tokens by model ({@code modelUsage}, which also counts Claude Code's side requests and adds
     * up to the cost), else the result's {@code usage}; the cost as {@code total_cost_usd} (or the
     * older {@code cost_usd}).
     */
    private Usage usageOf(JsonNode message) {
        JsonNode cost = message.hasNonNull("total_cost_usd") ? message.get("total_cost_usd") : message.get("cost_usd");
        Double costUsd = cost != null && cost.isNumber() ? cost.asDouble() : null;
        JsonNode byModel = message.path("modelUsage");
        if (byModel.isObject() && !byModel.isEmpty()) {
            Usage sum = Usage.NONE;
            for (Iterator<Map.Entry<String, JsonNode>> it = byModel.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode m = e.getValue();
                sum = sum.plus(new Usage(e.getKey(), m.path("inputTokens").asLong(), m.path("outputTokens").asLong(),
                        m.path("cacheReadInputTokens").asLong(), m.path("cacheCreationInputTokens").asLong(), null));
            }
            String main = model != null && byModel.has(model) ? model : sum.model();
            return new Usage(main, sum.inputTokens(), sum.outputTokens(), sum.cacheReadTokens(), sum.cacheWriteTokens(), costUsd);
        }
        JsonNode u = message.path("usage");
        return new Usage(model, u.path("input_tokens").asLong(), u.path("output_tokens").asLong(),
                u.path("cache_read_input_tokens").asLong(), u.path("cache_creation_input_tokens").asLong(), costUsd);
    }

    String sessionId() {
        return sessionId;
    }

    boolean sawResult() {
        return sawResult;
    }

    boolean isError() {
        return isError;
    }

    String resultText() {
        return resultText;
    }

    /** What the run used: from the result line, or only the model when the run ended before it. */
    Usage usage() {
        return sawResult ? usage : Usage.NONE.withModel(model);
    }

    /** True if the run ended on a usage or rate limit: a rejected limit event, a 429/529, or a limit message. */
    boolean limited() {
        return rateLimitRejected || (apiErrorStatus != null && (apiErrorStatus == 429 || apiErrorStatus == 529))
                || (isError && ClaudeLimitMessages.isLimit(resultText));
    }

    Instant rateLimitResetsAt() {
        return rateLimitResetsAt;
    }

    /** How many times claude has retried an API call that was refused with a rate limit ({@code system/api_retry}). */
    int rateLimitRetries() {
        return rateLimitRetries;
    }

    /** The wait claude announced before its last rate-limit retry (the server's {@code retry-after} or its backoff). */
    Duration lastRetryDelay() {
        return lastRetryDelay;
    }

    /**
     * The share of its usage window the account has used, as the last {@code rate_limit_event}
     * with status {@code allowed_warning} said (0.82 for 82 %), or -1 when none said.
     */
    double warningUtilization() {
        return warningUtilization;
    }

    /** The window of that warning ({@code five_hour}, {@code seven_day}), or null. */
    String warningWindow() {
        return warningWindow;
    }

    /** When that window resets, or null. */
    Instant warningResetsAt() {
        return warningResetsAt;
    }

    /** Each tool call the permission mode refused, as {@code TOOL TARGET}. */
    List<String> denials() {
        return List.copyOf(denials);
    }

    List<String> changedFiles() {
        return List.copyOf(changedFiles);
    }
}
