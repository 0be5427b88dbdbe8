package dev.wvo.plugins.agentcodex;

import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentProcess;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.Executables;
import dev.wvo.spi.OutputSink;
import org.pf4j.Extension;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a task with OpenAI Codex non-interactively:
 * {@code codex exec --json [--model M] [--sandbox S] [--profile P] [-c approval_policy="…"]
 * [--skip-git-repo-check] [extra args] [resume THREAD] PROMPT}, each an argv entry.
 *
 * <p>Settings: {@code executable} (default {@code codex}), {@code model}, {@code sandbox}
 * (default {@code workspace-write}: the agent has to edit the work tree), {@code config_profile},
 * {@code approval_policy}, {@code skip_git_repo_check}, {@code extra_args}, and {@code home},
 * which becomes {@code CODEX_HOME} so that each profile uses its own account. Approvals are not a
 * flag of {@code codex exec} ({@code -a} is rejected there); exec never asks by default.
 */
@Extension
public class CodexBackend implements AgentBackend {

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
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        Map<String, String> env = new HashMap<>(run.environment());
        String home = run.setting("home", null);
        if (home != null) {
            env.put("CODEX_HOME", home);
        }
        String executable = run.setting("executable", "codex");
        Optional<Path> program = Executables.find(executable, env);
        if (program.isEmpty()) {
            return AgentOutcome.failure(null, "`" + executable + "` not found on the PATH; install the Codex CLI or set "
                    + "the codex backend's executable");
        }
        CodexEventParser parser = new CodexEventParser();
        AgentProcess.Result result;
        try {
            result = AgentProcess.of(command(program.get(), run), run.workingDirectory(), env, Set.of())
                    .run(run.timeout(), run.stallTimeout(), line -> parser.accept(line).ifPresent(output::line), output::line);
        } catch (UncheckedIOException e) {
            return AgentOutcome.failure(null, e.getMessage());
        }
        return outcome(result, parser, run).withChangedFiles(parser.changedFiles()).withSession(parser.threadId(), null);
    }

    List<String> command(Path program, AgentRun run) {
        List<String> argv = new ArrayList<>(List.of(program.toString(), "exec", "--json"));
        option(argv, "--model", run.setting("model", null));
        option(argv, "--sandbox", run.setting("sandbox", "workspace-write"));
        option(argv, "--profile", run.setting("config_profile", null));
        String approval = run.setting("approval_policy", null);
        if (approval != null) {
            argv.add("-c");
            argv.add("approval_policy=\"" + approval + "\"");
        }
        if (Boolean.parseBoolean(run.setting("skip_git_repo_check", "false"))) {
            argv.add("--skip-git-repo-check");
        }
        String extra = run.setting("extra_args", "").strip();
        if (!extra.isEmpty()) {
            argv.addAll(Arrays.asList(extra.split("\\s+")));
        }
        if (run.resumeSession() != null) {
            argv.add("resume");
            argv.add(run.resumeSession());
        }
        argv.add(run.prompt().startsWith("-") ? " " + run.prompt() : run.prompt());
        return argv;
    }

    private AgentOutcome outcome(AgentProcess.Result result, CodexEventParser parser, AgentRun run) {
        java.util.Optional<AgentOutcome> stopped = AgentOutcome.ofStopped(result, run);
        if (stopped.isPresent()) {
            return stopped.get();
        }
        if (parser.completed() && result.exitCode() == 0) {
            return AgentOutcome.success(0, AgentOutcome.summaryLine(parser.lastMessage()));
        }
        String why = parser.failure() != null ? parser.failure()
                : result.tail().isEmpty() ? "codex exited without finishing its turn" : result.tail().get(result.tail().size() - 1);
        if (CodexLimitMessages.isLimit(why)) {
            Instant retry = CodexLimitMessages.retryTime(why, clock.instant(), clock.getZone()).orElse(null);
            return AgentOutcome.rateLimited(AgentOutcome.summaryLine(why), retry);
        }
        return AgentOutcome.failure(result.exitCode(), "exit " + result.exitCode() + ": " + AgentOutcome.summaryLine(why));
    }

    private static void option(List<String> argv, String flag, String value) {
        if (value != null && !value.isBlank()) {
            argv.add(flag);
            argv.add(value);
        }
    }

}
