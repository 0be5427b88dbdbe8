package dev.wvo.plugins.agentcodex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.spi.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code codex exec --json} events as they come: the thread id (for {@code exec resume}),
 * the final agent message, changed files, the tokens of each turn, what its sandbox refused, its
 * reconnects after a rate limit, and how the turn ended. Reads the current event format and the
 * legacy {@code {"id":…,"msg":{…}}} one; unknown events are ignored. Codex writes a refused patch
 * only to standard error, so {@link #acceptError} reads that too.
 */
final class CodexEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A command the sandbox stopped: the kernel's words for a write it was not allowed. */
    private static final Pattern SANDBOX_DENIAL = Pattern.compile("Read-only file system|Operation not permitted");
    private static final Pattern PATCH_REJECTED = Pattern.compile("patch rejected: (.*)");

    private String threadId;
    private String lastMessage = "";
    private boolean completed;
    private String failure;
    private String lastError;
    private int rateLimitReconnects;
    private Usage usage = Usage.NONE;
    private final Set<String> changedFiles = new LinkedHashSet<>();
    private final List<String> refusals = new ArrayList<>();

    /** @return the line as a person should see it, or empty to show nothing */
    Optional<String> accept(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return trimmed.isEmpty() ? Optional.empty() : Optional.of(line);
        }
        JsonNode event;
        try {
            event = JSON.readTree(trimmed);
        } catch (IOException e) {
            return Optional.of(line);
        }
        if (event.has("msg")) {
            return legacy(event.get("msg"));
        }
        switch (event.path("type").asText()) {
            case "thread.started" -> {
                threadId = event.path("thread_id").asText(null);
                return Optional.of("codex thread " + threadId);
            }
            case "item.completed" -> {
                return item(event.path("item"));
            }
            case "turn.completed" -> {
                completed = true;
                JsonNode u = event.path("usage");
                long cached = u.path("cached_input_tokens").asLong();
                // input_tokens counts the cached ones too; Usage keeps them apart
                usage = usage.plus(new Usage(null, Math.max(0, u.path("input_tokens").asLong() - cached),
                        u.path("output_tokens").asLong(), cached, u.path("cache_write_input_tokens").asLong(), null));
                return Optional.of("turn completed");
            }
            case "turn.failed" -> {
                failure = event.path("error").path("message").asText("turn failed");
                return Optional.of("error: " + failure);
            }
            case "error" -> {
                String message = event.path("message").asText("");
                // retry notices come as error events too; they are progress, not the end
                if (message.startsWith("Reconnecting")) {
                    if (message.contains("429")) {
                        rateLimitReconnects++;
                    }
                } else {
                    lastError = message;
                }
                return Optional.of(message);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Takes one line of standard error: codex logs a patch its sandbox or approval policy refused only there. */
    void acceptError(String line) {
        var m = PATCH_REJECTED.matcher(line);
        if (m.find()) {
            refusals.add("apply_patch: " + m.group(1).strip());
        }
    }

    private Optional<String> item(JsonNode item) {
        switch (item.path("type").asText()) {
            case "agent_message" -> {
                lastMessage = item.path("text").asText("");
                return Optional.of(lastMessage);
            }
            case "command_execution" -> {
                String command = item.path("command").asText();
                String status = item.path("status").asText();
                if ("declined".equals(status)) {
                    refusals.add(command + ": declined");
                } else if ("failed".equals(status) && SANDBOX_DENIAL.matcher(item.path("aggregated_output").asText()).find()) {
                    refusals.add(command + ": " + firstMatchingLine(item.path("aggregated_output").asText()));
                }
                return Optional.of("> " + command + " (exit " + item.path("exit_code").asText("?") + ")");
            }
            case "file_change" -> {
                List<String> paths = new ArrayList<>();
                item.path("changes").forEach(change -> paths.add(change.path("path").asText()));
                if ("failed".equals(item.path("status").asText())) {
                    refusals.add("apply_patch: " + String.join(", ", paths) + " not changed");
                    return Optional.of("> patch failed: " + String.join(", ", paths));
                }
                changedFiles.addAll(paths);
                return Optional.of("> changed " + String.join(", ", paths));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static String firstMatchingLine(String output) {
        return output.lines().filter(l -> SANDBOX_DENIAL.matcher(l).find()).findFirst().orElse("refused").strip();
    }

    private Optional<String> legacy(JsonNode msg) {
        switch (msg.path("type").asText()) {
            case "agent_message" -> {
                lastMessage = msg.path("message").asText("");
                return Optional.of(lastMessage);
            }
            case "task_complete" -> {
                completed = true;
                if (msg.hasNonNull("last_agent_message")) {
                    lastMessage = msg.get("last_agent_message").asText();
                }
                return Optional.of("task complete");
            }
            case "error", "stream_error" -> {
                lastError = msg.path("message").asText("");
                return Optional.of("error: " + lastError);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    String threadId() {
        return threadId;
    }

    boolean completed() {
        return completed && failure == null;
    }

    /** The failure text, from a failed turn or the last error event, or null. */
    String failure() {
        return failure != null ? failure : lastError;
    }

    String lastMessage() {
        return lastMessage;
    }

    /** How many times codex reconnected after HTTP 429 ({@code Reconnecting... N/M (… 429 …)}). */
    int rateLimitReconnects() {
        return rateLimitReconnects;
    }

    /** The last error event that was not a reconnect notice, or null. */
    String lastError() {
        return lastError;
    }

    /** The tokens of every turn that completed; codex reports no cost. */
    Usage usage() {
        return usage;
    }

    /** Each patch or command of the agent that its sandbox or approval policy refused. */
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    List<String> changedFiles() {
        return List.copyOf(changedFiles);
    }
}
