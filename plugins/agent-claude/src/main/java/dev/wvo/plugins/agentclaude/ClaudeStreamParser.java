package dev.wvo.plugins.agentclaude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads Claude Code's {@code --output-format stream-json} lines as they come: the session id,
 * the files its edit tools touched, rate-limit events, and the final {@code result} message.
 * Unknown message types are ignored, as the format's documentation asks; lines that are not JSON
 * (some builds print debug lines to stdout) are passed through as text.
 */
final class ClaudeStreamParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> EDIT_TOOLS = Set.of("Edit", "Write", "MultiEdit", "NotebookEdit");

    private String sessionId;
    private boolean sawResult;
    private boolean isError;
    private Integer apiErrorStatus;
    private String resultText = "";
    private Double costUsd;
    private boolean rateLimitRejected;
    private Instant rateLimitResetsAt;
    private final Set<String> changedFiles = new LinkedHashSet<>();

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
        } catch (java.io.IOException e) {
            return Optional.of(line);
        }
        if (message.hasNonNull("session_id")) {
            sessionId = message.get("session_id").asText();
        }
        return switch (message.path("type").asText()) {
            case "system" -> "init".equals(message.path("subtype").asText())
                    ? Optional.of("claude " + message.path("claude_code_version").asText("") + " · model "
                    + message.path("model").asText("?") + " · session " + sessionId)
                    : message.path("subtype").asText().equals("api_retry")
                    ? Optional.of("retrying API call (" + message.path("error").asText("error") + "), attempt "
                    + message.path("attempt").asInt() + "/" + message.path("max_retries").asInt())
                    : Optional.empty();
            case "assistant" -> Optional.ofNullable(assistant(message));
            case "rate_limit_event" -> rateLimit(message.path("rate_limit_info"));
            case "result" -> result(message);
            default -> Optional.empty();
        };
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
                            changedFiles.add(path);
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

    private Optional<String> rateLimit(JsonNode info) {
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
        JsonNode cost = message.hasNonNull("total_cost_usd") ? message.get("total_cost_usd") : message.get("cost_usd");
        if (cost != null && cost.isNumber()) {
            costUsd = cost.asDouble();
        }
        return Optional.of((isError ? "error: " : "result: ") + resultText);
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

    Double costUsd() {
        return costUsd;
    }

    /** True if the run ended on a usage or rate limit: a rejected limit event, a 429/529, or a limit message. */
    boolean limited() {
        return rateLimitRejected || (apiErrorStatus != null && (apiErrorStatus == 429 || apiErrorStatus == 529))
                || (isError && ClaudeLimitMessages.isLimit(resultText));
    }

    Instant rateLimitResetsAt() {
        return rateLimitResetsAt;
    }

    List<String> changedFiles() {
        return List.copyOf(changedFiles);
    }
}
