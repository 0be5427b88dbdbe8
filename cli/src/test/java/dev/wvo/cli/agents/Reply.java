package dev.wvo.cli.agents;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the scripted API answers to one main-loop request, in terms of what the agent should do;
 * {@link ScriptedModelApi} renders it in each API's own shape (Anthropic Messages or OpenAI
 * Responses, streamed or not).
 */
public sealed interface Reply permits Reply.Text, Reply.WriteFile, Reply.RunCommand, Reply.Failure, Reply.Delayed,
        Reply.NearLimit {

    /** The model answers with text and ends its turn. */
    static Reply text(String text) {
        return new Text(text);
    }

    /**
     * The model edits a file with the agent's own tool: Claude Code's {@code Write}, Codex's
     * {@code apply_patch} ({@code *** Add File}). A relative path is taken from the agent's
     * working directory as the agent told it to the model.
     */
    static Reply writeFile(String path, String content) {
        return new WriteFile(path, content);
    }

    /** The model runs a shell command with the agent's own tool: Claude Code's {@code Bash}, Codex's {@code exec_command}. */
    static Reply runCommand(String command) {
        return new RunCommand(command);
    }

    /**
     * HTTP 429 with {@code retry-after} and each API's rate-limit headers: an API-key throttle
     * (claude retries it; codex retries it too).
     */
    static Reply rateLimited(Duration retryAfter) {
        return new Failure(429, "This request would exceed your account's rate limit. Please try again later.",
                retryAfter, null);
    }

    /**
     * A subscription's usage limit until {@code resetsAt}: for Anthropic a 429 with
     * {@code anthropic-ratelimit-unified-status: rejected} (read by claude on a subscription login,
     * {@code CLAUDE_CODE_OAUTH_TOKEN}); for OpenAI a 429 of type {@code usage_limit_reached}.
     */
    static Reply usageLimit(Instant resetsAt) {
        return new Failure(429, "The usage limit has been reached", null, resetsAt);
    }

    /** Any other HTTP error (400, 500, 529, ...) with the API's error body. */
    static Reply error(int status, String message) {
        return new Failure(status, message, null, null);
    }

    /** This reply, sent after {@code latency}. */
    default Reply after(Duration latency) {
        return new Delayed(this, latency);
    }

    /**
     * This reply, with the headers of a subscription whose five-hour window is {@code utilization}
     * used (past its 80 % warning threshold) until {@code resetsAt}: claude reports it as a
     * {@code rate_limit_event} with status {@code allowed_warning}.
     */
    default Reply nearLimit(double utilization, Instant resetsAt) {
        return new NearLimit(this, utilization, resetsAt);
    }

    record Text(String text) implements Reply {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    record WriteFile(String path, String content) implements Reply {
        public WriteFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
        }

        /** The path to write: absolute as given, or under the agent's working directory. */
        String resolvedAgainst(String workingDirectory) {
            Path p = Path.of(path);
            return p.isAbsolute() || workingDirectory == null ? path : Path.of(workingDirectory).resolve(p).toString();
        }
    }

    record RunCommand(String command) implements Reply {
        public RunCommand {
            Objects.requireNonNull(command, "command");
        }
    }

    /**
     * @param status     the HTTP status
     * @param message    the error's message
     * @param retryAfter the {@code retry-after} to send, or null
     * @param resetsAt   a usage limit's reset, or null for a plain error
     */
    record Failure(int status, String message, Duration retryAfter, Instant resetsAt) implements Reply {
    }

    record Delayed(Reply reply, Duration latency) implements Reply {
    }

    record NearLimit(Reply reply, double utilization, Instant resetsAt) implements Reply {
    }
}
