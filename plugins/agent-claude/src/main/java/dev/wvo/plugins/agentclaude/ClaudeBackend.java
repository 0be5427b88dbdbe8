package dev.wvo.plugins.agentclaude;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentProcess;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.Executables;
import dev.wvo.spi.OutputSink;
import dev.wvo.spi.SettingProblem;
import org.pf4j.Extension;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a task with Claude Code in print mode:
 * {@code claude -p PROMPT --output-format stream-json --verbose --permission-mode P [--model M]
 * [--allowedTools T] [--max-turns N] [--resume=ID] [extra args]}, each an argv entry.
 *
 * <p>Settings: {@code executable} (default {@code claude}), {@code model}, {@code permission_mode}
 * (default {@code acceptEdits}: in print mode nobody answers a permission prompt, so anything that
 * asks is refused), {@code allowed_tools}, {@code max_turns}, {@code extra_args} (shell quoting, or
 * a YAML list), {@code config_dir}, which becomes {@code CLAUDE_CONFIG_DIR} so that each profile
 * uses its own account, and {@code rate_limit_retries} (default 2): after that many of claude's own
 * retries of a rate-limited API call the run is stopped and reported as rate-limited, instead of
 * letting claude retry for three minutes, and {@code park_at_utilization} (say {@code 80%}): when
 * claude reports ({@code rate_limit_event}, {@code allowed_warning}) that the account has used that
 * share of its usage window, the run stops and is reported as limited until the window resets, so
 * that the person who owns the account keeps some of it. {@code CLAUDECODE} is removed from the environment:
 * Claude Code refuses to start inside another Claude Code session otherwise.
 *
 * <p>A run that claude calls a success is not one when its permission mode refused an edit
 * ({@code permission_denials}): it ends {@link AgentOutcome.Status#REFUSED} with what was refused.
 */
@Extension
public class ClaudeBackend implements AgentBackend {

    static final int DEFAULT_RATE_LIMIT_RETRIES = 2;
    /** The setting: the share of a usage window at which a run stops early ({@code 80%} or {@code 0.8}). */
    static final String PARK_AT_UTILIZATION = "park_at_utilization";

    private final Clock clock;

    public ClaudeBackend() {
        this(Clock.systemDefaultZone());
    }

    ClaudeBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "claude";
    }

    @Override
    public Availability availability() {
        return Executables.find("claude", Map.of())
                .map(p -> Availability.yes(p.toString()))
                .orElseGet(() -> Availability.no("`claude` is not on the PATH: install Claude Code "
                        + "(npm install -g @anthropic-ai/claude-code) or set the backend's executable"));
    }

    @Override
    public Diagnosis diagnose(Map<String, String> settings, Map<String, String> environment) {
        return ClaudeDiagnosis.of(settings, environment);
    }

    @Override
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        Map<String, String> env = new HashMap<>(run.environment());
        // an account's CLAUDE_CONFIG_DIR (wvo puts it in the run's environment) selects the login over config_dir
        String configDir = run.setting("config_dir", null);
        if (configDir != null && !run.environment().containsKey("CLAUDE_CONFIG_DIR")) {
            env.put("CLAUDE_CONFIG_DIR", configDir);
        }
        String executable = run.setting("executable", "claude");
        Optional<Path> program = Executables.find(executable, env);
        if (program.isEmpty()) {
            return AgentOutcome.failure(null, "`" + executable + "` not found on the PATH; install Claude Code or set "
                    + "the claude backend's executable");
        }
        List<String> argv;
        int retriesBeforeStop;
        double parkAt;
        try {
            argv = command(program.get(), run);
            retriesBeforeStop = Integer.parseInt(run.setting("rate_limit_retries", Integer.toString(DEFAULT_RATE_LIMIT_RETRIES)));
            parkAt = utilization(run.setting(PARK_AT_UTILIZATION, null));
            refuseBypassAsRoot(argv, env);
        } catch (IllegalArgumentException e) {
            return AgentOutcome.failure(null, "claude backend: " + e.getMessage());
        }
        ClaudeStreamParser parser = new ClaudeStreamParser();
        AgentProcess.Stop stop = new AgentProcess.Stop();
        AgentProcess.Result result;
        try {
            result = AgentProcess.of(argv, run.workingDirectory(), env, Set.of("CLAUDECODE"))
                    .run(run.timeout(), run.stallTimeout(), line -> {
                        parser.accept(line).ifPresent(output::line);
                        // claude would retry a 429 ten times over three minutes; the worker has fallbacks
                        if (retriesBeforeStop > 0 && parser.rateLimitRetries() >= retriesBeforeStop) {
                            stop.request("rate-limited: claude retried a refused API call " + parser.rateLimitRetries()
                                    + " times (HTTP 429)");
                        }
                        // the account is close to its limit: stop before it bites, and leave the rest to its person
                        if (parkAt > 0 && parser.warningUtilization() >= parkAt) {
                            stop.request("parked early: " + Math.round(parser.warningUtilization() * 100) + "% of the "
                                    + parser.warningWindow() + " window used (" + PARK_AT_UTILIZATION + " "
                                    + Math.round(parkAt * 100) + "%)");
                        }
                    }, output::errorLine, stop);
        } catch (UncheckedIOException e) {
            return AgentOutcome.failure(null, e.getMessage());
        }
        return outcome(result, parser, run).withChangedFiles(parser.changedFiles()).withSession(parser.sessionId())
                .withUsage(parser.usage()).withArgv(argv, argv.get(2));
    }

    List<String> command(Path program, AgentRun run) {
        String mode = PermissionModes.checked(run.setting("permission_mode", PermissionModes.DEFAULT));
        List<String> argv = new ArrayList<>(List.of(program.toString(), "-p", safePrompt(run.prompt()),
                "--output-format", "stream-json", "--verbose", "--permission-mode", mode));
        option(argv, "--model", run.setting("model", null));
        option(argv, "--allowedTools", run.setting("allowed_tools", null));
        option(argv, "--max-turns", run.setting("max_turns", null));
        if (run.resumeSession() != null) {
            argv.add("--resume=" + run.resumeSession()); // the = form: an id can never be read as a flag
        }
        argv.addAll(run.arguments("extra_args"));
        return argv;
    }

    /**
     * Claude refuses to skip its permissions as root (outside a sandbox it recognizes): say so
     * before starting it, with what to do instead.
     */
    private static void refuseBypassAsRoot(List<String> argv, Map<String, String> env) {
        boolean bypass = argv.contains(PermissionModes.BYPASS) || argv.contains("--dangerously-skip-permissions");
        String sandbox = env.getOrDefault("IS_SANDBOX", System.getenv("IS_SANDBOX"));
        if (bypass && "root".equals(System.getProperty("user.name")) && !"1".equals(sandbox)) {
            throw new IllegalArgumentException("claude refuses bypassPermissions (--dangerously-skip-permissions) when "
                    + "run as root: use permission_mode acceptEdits (the default), run the worker as another user, or "
                    + "set IS_SANDBOX=1 if this machine is a disposable sandbox");
        }
    }

    private AgentOutcome outcome(AgentProcess.Result result, ClaudeStreamParser parser, AgentRun run) {
        Optional<AgentOutcome> stopped = AgentOutcome.ofStopped(result, run);
        if (stopped.isPresent()) {
            return stopped.get();
        }
        if (result.ending() == AgentProcess.Ending.STOPPED && result.stopReason().startsWith("parked early")) {
            return AgentOutcome.rateLimited(result.stopReason(), parser.warningResetsAt());
        }
        if (result.ending() == AgentProcess.Ending.STOPPED) {
            // the retry delay claude announced is the server's retry-after or its own backoff, whichever is longer
            return AgentOutcome.rateLimited(result.stopReason(), clock.instant().plus(parser.lastRetryDelay()));
        }
        // without a result line, what claude said on standard error, or its rate-limit retries, tell why it ended
        String errors = String.join("\n", result.errorTail());
        boolean limitedWithoutResult = !parser.sawResult() && result.exitCode() != 0
                && (parser.rateLimitRetries() > 0 || ClaudeLimitMessages.isLimit(errors));
        if (parser.limited() || limitedWithoutResult) {
            String text = parser.sawResult() ? parser.resultText() : ClaudeLimitMessages.isLimit(errors) ? errors
                    : "rate-limited: claude gave up after " + parser.rateLimitRetries() + " retries of a refused API call";
            Instant retry = parser.rateLimitResetsAt() != null ? parser.rateLimitResetsAt()
                    : ClaudeLimitMessages.resetTime(text, clock.instant(), clock.getZone())
                    .orElse(parser.rateLimitRetries() > 0 ? clock.instant().plus(parser.lastRetryDelay()) : null);
            return AgentOutcome.rateLimited(AgentOutcome.summaryLine(text), retry);
        }
        if (parser.sawResult() && !parser.isError() && result.exitCode() == 0) {
            List<String> denied = parser.denials();
            if (!denied.isEmpty()) {
                String mode = run.setting("permission_mode", PermissionModes.DEFAULT);
                return AgentOutcome.refused(0, "claude's permission mode " + mode + " refused " + denied.size()
                        + (denied.size() == 1 ? " call: " : " calls: ") + AgentOutcome.summaryLine(String.join("; ", denied))
                        + PermissionModes.whyCannotEdit(mode, run.setting("allowed_tools", null)).map(w -> " (" + w + ")").orElse(""),
                        denied);
            }
            return AgentOutcome.success(0, AgentOutcome.summaryLine(parser.resultText()));
        }
        String why = parser.sawResult() ? parser.resultText() : lastErrorLine(result)
                .orElse("claude exited without a result");
        return AgentOutcome.failure(result.exitCode(), "exit " + result.exitCode() + ": " + AgentOutcome.summaryLine(why));
    }

    /** The last line claude wrote to standard error: why a run that never started its stream ended. */
    private static Optional<String> lastErrorLine(AgentProcess.Result result) {
        List<String> errors = result.errorTail().stream().filter(l -> !l.isBlank()).toList();
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }

    /**
     * {@code 80%} or {@code 0.8} as 0.8; absent as 0 (never stop early).
     *
     * @throws IllegalArgumentException naming the setting when it is not a share between 0 and 100 %
     */
    static double utilization(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.strip();
        try {
            double share = v.endsWith("%") ? Double.parseDouble(v.substring(0, v.length() - 1).strip()) / 100
                    : Double.parseDouble(v);
            if (share > 0 && share <= 1) {
                return share;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException(PARK_AT_UTILIZATION + " " + notAShare(value));
    }

    private static String notAShare(String value) {
        return "is '" + value + "'; write a share of the usage window such as 80% (or 0.8)";
    }

    /** {@code park_at_utilization} checked when config.yaml is, so a wrong one fails no attempt. */
    @Override
    public List<SettingProblem> validate(Map<String, String> settings) {
        String value = settings.get(PARK_AT_UTILIZATION);
        try {
            utilization(value);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new SettingProblem(PARK_AT_UTILIZATION, notAShare(value)));
        }
    }

    private static void option(List<String> argv, String flag, String value) {
        if (value != null && !value.isBlank()) {
            argv.add(flag);
            argv.add(value);
        }
    }

    /** A prompt is one argv entry; one that starts with a dash would be read as an option. */
    static String safePrompt(String prompt) {
        return prompt.startsWith("-") ? " " + prompt : prompt;
    }
}
