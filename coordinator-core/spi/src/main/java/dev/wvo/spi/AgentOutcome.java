package dev.wvo.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How an agent run ended.
 *
 * @param status       the kind of ending
 * @param exitCode     the agent process's exit code, or null if it did not exit by itself
 * @param summary      one or a few lines for people and for the next attempt's prompt
 * @param retryAfter   when a rate limit is expected to lift, if the agent said so; else null
 * @param changedFiles files the agent reports it changed, relative to the working directory
 * @param sessionId    the agent's conversation id, for resuming it in a later attempt; else null
 * @param costUsd      what the run cost, if the agent reported it; else null
 */
public record AgentOutcome(Status status, Integer exitCode, String summary, Instant retryAfter,
                           List<String> changedFiles, String sessionId, Double costUsd) {

    public AgentOutcome {
        Objects.requireNonNull(status, "status");
        summary = summary == null ? "" : summary;
        changedFiles = List.copyOf(changedFiles);
    }

    public enum Status {
        SUCCESS,
        FAILURE,
        /** The backend refused for now (usage or rate limit); try another backend or wait. */
        RATE_LIMITED,
        TIMED_OUT,
        /** No output for longer than the stall timeout; the agent was stopped. */
        STALLED
    }

    public static AgentOutcome success(int exitCode, String summary) {
        return new AgentOutcome(Status.SUCCESS, exitCode, summary, null, List.of(), null, null);
    }

    public static AgentOutcome failure(Integer exitCode, String summary) {
        return new AgentOutcome(Status.FAILURE, exitCode, summary, null, List.of(), null, null);
    }

    public static AgentOutcome rateLimited(String summary, Instant retryAfter) {
        return new AgentOutcome(Status.RATE_LIMITED, null, summary, retryAfter, List.of(), null, null);
    }

    /**
     * The outcome of a run that did not exit by itself: stopped at the timeout, or for going
     * silent; empty if it exited, so that the backend reads its own output.
     */
    public static java.util.Optional<AgentOutcome> ofStopped(AgentProcess.Result result, AgentRun run) {
        return switch (result.ending()) {
            case TIMED_OUT -> java.util.Optional.of(new AgentOutcome(Status.TIMED_OUT, null,
                    "stopped after " + run.timeout().toSeconds() + " s", null, List.of(), null, null));
            case STALLED -> java.util.Optional.of(new AgentOutcome(Status.STALLED, null,
                    "no output for " + run.stallTimeout().toSeconds() + " s", null, List.of(), null, null));
            case EXITED -> java.util.Optional.empty();
        };
    }

    /** The first line of a text, at most 300 characters: what a summary holds. */
    public static String summaryLine(String text) {
        String line = text == null ? "" : text.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    public AgentOutcome withChangedFiles(List<String> files) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, files, sessionId, costUsd);
    }

    public AgentOutcome withSession(String session, Double cost) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, changedFiles, session, cost);
    }
}
