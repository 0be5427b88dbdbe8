package dev.wvo.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an agent run ended. Built with a factory for its status ({@link #success}, {@link #failure},
 * {@link #refused}, {@link #rateLimited}, {@link #cannotStart}, {@link #ofStopped}) and completed with the
 * {@code with…} methods.
 *
 * @param status       the kind of ending
 * @param exitCode     the agent process's exit code, or null if it did not exit by itself
 * @param summary      one or a few lines for people and for the next attempt's prompt; never the
 *                     CLI's standard-error chatter
 * @param retryAfter   when a rate limit is expected to lift, if the agent said so; else null
 * @param changedFiles files the agent reports it changed, relative to the working directory or absolute
 * @param sessionId    the agent's conversation id, for resuming it in a later attempt; else null
 * @param usage        tokens and cost as the CLI reported them ({@link Usage#NONE} when it reported none)
 * @param refusals     each edit or command of the agent that its permissions or sandbox refused, in a line
 * @param argv         the command line the backend ran, the prompt shown as {@code <prompt>}; empty if none ran
 */
public record AgentOutcome(Status status, Integer exitCode, String summary, Instant retryAfter,
                           List<String> changedFiles, String sessionId, Usage usage, List<String> refusals,
                           List<String> argv) {

    /** How {@link #argv} shows the prompt, which is in the attempt's {@code prompt.txt}. */
    public static final String PROMPT_PLACEHOLDER = "<prompt>";

    public AgentOutcome {
        Objects.requireNonNull(status, "status");
        summary = summary == null ? "" : summary;
        changedFiles = List.copyOf(changedFiles);
        usage = usage == null ? Usage.NONE : usage;
        refusals = List.copyOf(refusals);
        argv = List.copyOf(argv);
    }

    public enum Status {
        SUCCESS,
        FAILURE,
        /**
         * The agent's own permissions or sandbox refused what it tried to change (a claude
         * {@code permission_denials} entry, a codex patch or command the sandbox blocked): the run
         * may look successful, but its work did not happen.
         */
        REFUSED,
        /** A run that reported success on a task that changes files, but changed none (decided by wvo). */
        NO_CHANGES,
        /** The backend refused for now (usage or rate limit); try another backend or wait. */
        RATE_LIMITED,
        TIMED_OUT,
        /** No output for longer than the stall timeout; the agent was stopped. */
        STALLED,
        /**
         * The backend could not start an agent for a reason of the worker, not of the task (its
         * working directory is gone, it has nothing to run this kind of task with): the task is
         * given back as it was, without spending the attempt, and the worker stops with the reason.
         */
        CANNOT_START
    }

    public static AgentOutcome success(int exitCode, String summary) {
        return of(Status.SUCCESS, exitCode, summary, null);
    }

    public static AgentOutcome failure(Integer exitCode, String summary) {
        return of(Status.FAILURE, exitCode, summary, null);
    }

    /** A run whose edits or commands were refused; {@code refusals} says which, one line each. */
    public static AgentOutcome refused(Integer exitCode, String summary, List<String> refusals) {
        return of(Status.REFUSED, exitCode, summary, null).withRefusals(refusals);
    }

    /** The worker cannot run agents here; {@code reason} says why and what to do ({@link Status#CANNOT_START}). */
    public static AgentOutcome cannotStart(String reason) {
        return of(Status.CANNOT_START, null, reason, null);
    }

    public static AgentOutcome rateLimited(String summary, Instant retryAfter) {
        return of(Status.RATE_LIMITED, null, summary, retryAfter);
    }

    /**
     * The outcome of a run that did not exit by itself: stopped at the timeout, or for going
     * silent; empty if it exited (or a backend stopped it), so that the backend reads its own output.
     */
    public static Optional<AgentOutcome> ofStopped(AgentProcess.Result result, AgentRun run) {
        return switch (result.ending()) {
            case TIMED_OUT -> Optional.of(of(Status.TIMED_OUT, null, "stopped after " + run.timeout().toSeconds() + " s", null));
            case STALLED -> Optional.of(of(Status.STALLED, null, "no output for " + run.stallTimeout().toSeconds() + " s", null));
            case EXITED, STOPPED -> Optional.empty();
        };
    }

    /** The first line of a text, at most 300 characters: what a summary holds. */
    public static String summaryLine(String text) {
        String line = text == null ? "" : text.strip();
        int newline = line.indexOf('\n');
        line = newline < 0 ? line : line.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    private static AgentOutcome of(Status status, Integer exitCode, String summary, Instant retryAfter) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, List.of(), null, Usage.NONE, List.of(), List.of());
    }

    /** The same ending with another status and summary (wvo's own judgement of a run, such as {@link Status#NO_CHANGES}). */
    public AgentOutcome as(Status newStatus, String newSummary) {
        return new AgentOutcome(newStatus, exitCode, newSummary, retryAfter, changedFiles, sessionId, usage, refusals, argv);
    }

    public AgentOutcome withChangedFiles(List<String> files) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, files, sessionId, usage, refusals, argv);
    }

    public AgentOutcome withSession(String session) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, changedFiles, session, usage, refusals, argv);
    }

    public AgentOutcome withUsage(Usage used) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, changedFiles, sessionId, used, refusals, argv);
    }

    public AgentOutcome withRefusals(List<String> refused) {
        return new AgentOutcome(status, exitCode, summary, retryAfter, changedFiles, sessionId, usage, refused, argv);
    }

    /** With the command line that ran; the entry equal to {@code prompt} is shown as {@link #PROMPT_PLACEHOLDER}. */
    public AgentOutcome withArgv(List<String> command, String prompt) {
        List<String> shown = command.stream().map(a -> a.equals(prompt) ? PROMPT_PLACEHOLDER : a).toList();
        return new AgentOutcome(status, exitCode, summary, retryAfter, changedFiles, sessionId, usage, refusals, shown);
    }
}
