package dev.wvo.plugins.agentcodex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code codex exec --json} events as they come: the thread id (for {@code exec resume}),
 * the final agent message, changed files, and how the turn ended. Reads the current event format
 * and the legacy {@code {"id":…,"msg":{…}}} one; unknown events are ignored.
 */
final class CodexEventParser {

    private static final ObjectMapper JSON = new ObjectMapper();

    private String threadId;
    private String lastMessage = "";
    private boolean completed;
    private String failure;
    private String lastError;
    private final Set<String> changedFiles = new LinkedHashSet<>();

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
                return Optional.of("turn completed");
            }
            case "turn.failed" -> {
                failure = event.path("error").path("message").asText("turn failed");
                return Optional.of("error: " + failure);
            }
            case "error" -> {
                String message = event.path("message").asText("");
                // retry notices come as error events too; they are progress, not the end
                if (!message.startsWith("Reconnecting")) {
                    lastError = message;
                }
                return Optional.of(message);
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private Optional<String> item(JsonNode item) {
        switch (item.path("type").asText()) {
            case "agent_message" -> {
                lastMessage = item.path("text").asText("");
                return Optional.of(lastMessage);
            }
            case "command_execution" -> {
                return Optional.of("> " + item.path("command").asText() + " (exit " + item.path("exit_code").asText("?") + ")");
            }
            case "file_change" -> {
                for (JsonNode change : item.path("changes")) {
                    changedFiles.add(change.path("path").asText());
                }
                return Optional.of("> changed " + String.join(", ", changedFiles));
            }
            default -> {
                return Optional.empty();
            }
        }
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

    List<String> changedFiles() {
        return List.copyOf(changedFiles);
    }
}
