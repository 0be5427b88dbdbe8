package dev.wvo.plugins.agentcodex;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentProcess;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.Executables;
import dev.wvo.spi.GitWorkTrees;
import dev.wvo.spi.OutputSink;
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
 * Runs a task with OpenAI Codex non-interactively:
 * {@code codex exec --json --sandbox S [--model M] [--profile P] [-c approval_policy="…"]
 * [--skip-git-repo-check] [extra args] [resume THREAD] PROMPT}, each an argv entry.
 *
 * <p>Settings: {@code executable} (default {@code codex}), {@code model}, {@code sandbox}
 * (default {@code workspace-write}: the agent has to edit the work tree), {@code config_profile}
 * (codex reads {@code $CODEX_HOME/NAME.config.toml}; checked before codex starts),
 * {@code approval_policy}, {@code skip_git_repo_check} ({@code auto} by default: passed when the
 * working directory is not in a git repository, where codex refuses to run otherwise),
 * {@code extra_args} (shell quoting, or a YAML list), {@code home}, which becomes
 * {@code CODEX_HOME} so that each profile uses its own account, and {@code rate_limit_retries}
 * (default 2): after that many reconnects on HTTP 429 the run is stopped and reported as
 * rate-limited. Approvals are not a flag of {@code codex exec} ({@code -a} is rejected there);
 * exec never asks by default.
 *
 * <p>A completed turn is not a success when the sandbox refused a patch or command of the agent:
 * it ends {@link AgentOutcome.Status#REFUSED} with what was refused.
 */
@Extension
public class CodexBackend implements AgentBackend {

    static final String DEFAULT_SANDBOX = "workspace-write";
    static final List<String> SANDBOXES = List.of("read-only", DEFAULT_SANDBOX, "danger-full-access");
    static final int DEFAULT_RATE_LIMIT_RETRIES = 2;
    /** What codex prints on standard error that says nothing about how a run ended. */
    private static final List<String> CHATTER = List.of("Reading additional input from stdin", "Reading prompt from stdin",
            "WARNING:");

    private final Clock clock;

    public CodexBackend() {
        this(Clock.systemDefaultZone());
    }

    CodexBackend(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "codex";
    }

    @Override
    public Availability availability() {
        return Executables.find("codex", Map.of())
                .map(p -> Availability.yes(p.toString()))
                .orElseGet(() -> Availability.no("`codex` is not on the PATH: install the Codex CLI "
                        + "(npm install -g @openai/codex) or set the backend's executable"));
    }

    @Override
    public Diagnosis diagnose(Map<String, String> settings, Map<String, String> environment) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(environment);
        String executable = settings.getOrDefault("executable", "codex");
        Availability version = Executables.find(executable, env).map(p -> Executables.version(p, environment))
                .orElseGet(() -> Availability.no("`" + executable + "` is not on the PATH: install the Codex CLI "
                        + "(npm install -g @openai/codex) or set the backend's executable"));
        CodexHome home = CodexHome.of(settings.get("home"), env);
        List<String> cannotEdit = new ArrayList<>();
        String sandbox = settings.getOrDefault("sandbox", DEFAULT_SANDBOX);
        if (!SANDBOXES.contains(sandbox)) {
            cannotEdit.add("sandbox `" + sandbox + "` is not one of codex's: " + String.join(", ", SANDBOXES));
        } else if (sandbox.equals("read-only")) {
            cannotEdit.add("sandbox `read-only` refuses every patch and every write (use workspace-write)");
        }
        home.profileProblem(settings.get("config_profile")).ifPresent(cannotEdit::add);
        List<String> credentials = new ArrayList<>();
        for (String name : List.of("CODEX_API_KEY", "OPENAI_API_KEY")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                credentials.add(name + " is set");
            }
        }
        if (home.hasLogin()) {
            credentials.add("a login in " + home.directory().resolve("auth.json"));
        }
        return new Diagnosis(version.available(), version.detail(), cannotEdit, credentials);
    }

    @Override
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        Map<String, String> env = new HashMap<>(run.environment());
        // an account's CODEX_HOME (wvo puts it in the run's environment) selects the login over the home setting
        String homeSetting = run.environment().containsKey("CODEX_HOME") ? null : run.setting("home", null);
        if (homeSetting != null) {
            env.put("CODEX_HOME", homeSetting);
        }
        String executable = run.setting("executable", "codex");
        Optional<Path> program = Executables.find(executable, env);
        if (program.isEmpty()) {
            return AgentOutcome.failure(null, "`" + executable + "` not found on the PATH; install the Codex CLI or set "
                    + "the codex backend's executable");
        }
        CodexHome home = CodexHome.of(homeSetting, env);
        String profile = run.setting("config_profile", null);
        Optional<String> profileProblem = home.profileProblem(profile);
        if (profileProblem.isPresent()) {
            return AgentOutcome.failure(null, profileProblem.get());
        }
        List<String> argv;
        int reconnectsBeforeStop;
        try {
            argv = command(program.get(), run);
            reconnectsBeforeStop = Integer.parseInt(run.setting("rate_limit_retries",
                    Integer.toString(DEFAULT_RATE_LIMIT_RETRIES)));
        } catch (IllegalArgumentException e) {
            return AgentOutcome.failure(null, "codex backend: " + e.getMessage());
        }
        CodexEventParser parser = new CodexEventParser();
        AgentProcess.Stop stop = new AgentProcess.Stop();
        AgentProcess.Result result;
        try {
            result = AgentProcess.of(argv, run.workingDirectory(), env, Set.of())
                    .run(run.timeout(), run.stallTimeout(), line -> {
                        parser.accept(line).ifPresent(output::line);
                        if (reconnectsBeforeStop > 0 && parser.rateLimitReconnects() >= reconnectsBeforeStop) {
                            stop.request("rate-limited: codex reconnected " + parser.rateLimitReconnects()
                                    + " times after HTTP 429 Too Many Requests");
                        }
                    }, line -> {
                        parser.acceptError(line);
                        output.errorLine(line);
                    }, stop);
        } catch (UncheckedIOException e) {
            return AgentOutcome.failure(null, e.getMessage());
        }
        String model = run.setting("model", home.model(profile).orElse(null));
        return outcome(result, parser, run).withChangedFiles(parser.changedFiles()).withSession(parser.threadId())
                .withUsage(parser.usage().withModel(model)).withArgv(argv, argv.get(argv.size() - 1));
    }

    List<String> command(Path program, AgentRun run) {
        String sandbox = run.setting("sandbox", DEFAULT_SANDBOX);
        if (!SANDBOXES.contains(sandbox)) {
            throw new IllegalArgumentException("sandbox `" + sandbox + "` is not one of codex's: " + String.join(", ", SANDBOXES));
        }
        List<String> argv = new ArrayList<>(List.of(program.toString(), "exec", "--json", "--sandbox", sandbox));
        option(argv, "--model", run.setting("model", null));
        option(argv, "--profile", run.setting("config_profile", null));
        String approval = run.setting("approval_policy", null);
        if (approval != null) {
            argv.add("-c");
            argv.add("approval_policy=\"" + approval + "\"");
        }
        if (skipGitRepoCheck(run)) {
            argv.add("--skip-git-repo-check");
        }
        argv.addAll(run.arguments("extra_args"));
        if (run.resumeSession() != null) {
            argv.add("resume"); // exec's options come before it
            argv.add(run.resumeSession());
        }
        argv.add(run.prompt().startsWith("-") ? " " + run.prompt() : run.prompt());
        return argv;
    }

    /** {@code auto} (the default): only where codex would refuse to run, outside a git repository. */
    private static boolean skipGitRepoCheck(AgentRun run) {
        String setting = run.setting("skip_git_repo_check", "auto");
        if (!setting.equals("auto")) {
            return Boolean.parseBoolean(setting);
        }
        return GitWorkTrees.topOf(run.workingDirectory()).isEmpty();
    }

    private AgentOutcome outcome(AgentProcess.Result result, CodexEventParser parser, AgentRun run) {
        Optional<AgentOutcome> stopped = AgentOutcome.ofStopped(result, run);
        if (stopped.isPresent()) {
            return stopped.get();
        }
        if (result.ending() == AgentProcess.Ending.STOPPED) {
            return AgentOutcome.rateLimited(result.stopReason(), null);
        }
        if (parser.completed() && result.exitCode() == 0) {
            List<String> refused = parser.refusals();
            if (!refused.isEmpty()) {
                String sandbox = run.setting("sandbox", DEFAULT_SANDBOX);
                return AgentOutcome.refused(0, "codex's sandbox " + sandbox + " refused " + refused.size()
                        + (refused.size() == 1 ? " change: " : " changes: ")
                        + AgentOutcome.summaryLine(String.join("; ", refused))
                        + (sandbox.equals("read-only") ? " (use sandbox workspace-write)" : ""), refused);
            }
            return AgentOutcome.success(0, AgentOutcome.summaryLine(parser.lastMessage()));
        }
        String why = parser.failure() != null ? parser.failure() : lastErrorLine(result)
                .orElse("codex exited without finishing its turn");
        if (CodexLimitMessages.isLimit(why)) {
            Instant retry = CodexLimitMessages.retryTime(why, clock.instant(), clock.getZone()).orElse(null);
            return AgentOutcome.rateLimited(AgentOutcome.summaryLine(why), retry);
        }
        return AgentOutcome.failure(result.exitCode(), "exit " + result.exitCode() + ": " + AgentOutcome.summaryLine(why));
    }

    /** The last line of standard error that is not codex's progress chatter: why a run that never began ended. */
    private static Optional<String> lastErrorLine(AgentProcess.Result result) {
        List<String> errors = result.errorTail().stream()
                .filter(l -> !l.isBlank() && CHATTER.stream().noneMatch(l::startsWith)).toList();
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(errors.size() - 1));
    }

    private static void option(List<String> argv, String flag, String value) {
        if (value != null && !value.isBlank()) {
            argv.add(flag);
            argv.add(value);
        }
    }
}
