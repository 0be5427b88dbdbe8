package dev.wvo.plugins.agentclaude;

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
 * Runs a task with Claude Code in print mode:
 * {@code claude -p PROMPT --output-format stream-json --verbose [--model M] [--permission-mode P]
 * [--allowedTools T] [--max-turns N] [--resume=ID] [extra args]}, each an argv entry.
 *
 * <p>Settings: {@code executable} (default {@code claude}), {@code model}, {@code permission_mode},
 * {@code allowed_tools}, {@code max_turns}, {@code extra_args} (split on spaces), and
 * {@code config_dir}, which becomes {@code CLAUDE_CONFIG_DIR} so that each profile uses its own
 * account. {@code CLAUDECODE} is removed from the environment: Claude Code refuses to start inside
 * another Claude Code session otherwise.
 */
@Extension
public class ClaudeBackend implements AgentBackend {

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
    public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
        Map<String, String> env = new HashMap<>(run.environment());
        String configDir = run.setting("config_dir", null);
        if (configDir != null) {
            env.put("CLAUDE_CONFIG_DIR", configDir);
        }
        String executable = run.setting("executable", "claude");
        Optional<Path> program = Executables.find(executable, env);
        if (program.isEmpty()) {
            return AgentOutcome.failure(null, "`" + executable + "` not found on the PATH; install Claude Code or set "
                    + "the claude backend's executable");
        }
        ClaudeStreamParser parser = new ClaudeStreamParser();
        AgentProcess.Result result;
        try {
            result = AgentProcess.of(command(program.get(), run), run.workingDirectory(), env, Set.of("CLAUDECODE"))
                    .run(run.timeout(), run.stallTimeout(),
                            line -> parser.accept(line).ifPresent(output::line), output::line);
        } catch (UncheckedIOException e) {
            return AgentOutcome.failure(null, e.getMessage());
        }
        return outcome(result, parser, run).withChangedFiles(parser.changedFiles())
                .withSession(parser.sessionId(), parser.costUsd());
    }

    List<String> command(Path program, AgentRun run) {
        List<String> argv = new ArrayList<>(List.of(program.toString(), "-p", safePrompt(run.prompt()),
                "--output-format", "stream-json", "--verbose"));
        option(argv, "--model", run.setting("model", null));
        option(argv, "--permission-mode", run.setting("permission_mode", null));
        option(argv, "--allowedTools", run.setting("allowed_tools", null));
        option(argv, "--max-turns", run.setting("max_turns", null));
        if (run.resumeSession() != null) {
            argv.add("--resume=" + run.resumeSession()); // the = form: an id can never be read as a flag
        }
        String extra = run.setting("extra_args", "").strip();
        if (!extra.isEmpty()) {
            argv.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return argv;
    }

    private AgentOutcome outcome(AgentProcess.Result result, ClaudeStreamParser parser, AgentRun run) {
        java.util.Optional<AgentOutcome> stopped = AgentOutcome.ofStopped(result, run);
        if (stopped.isPresent()) {
            return stopped.get();
        }
        String tail = String.join("\n", result.tail());
        if (parser.limited() || (!parser.sawResult() && result.exitCode() != 0 && ClaudeLimitMessages.isLimit(tail))) {
            String text = parser.sawResult() ? parser.resultText() : tail;
            Instant retry = parser.rateLimitResetsAt() != null ? parser.rateLimitResetsAt()
                    : ClaudeLimitMessages.resetTime(text, clock.instant(), clock.getZone()).orElse(null);
            return AgentOutcome.rateLimited(AgentOutcome.summaryLine(text), retry);
        }
        if (parser.sawResult() && !parser.isError() && result.exitCode() == 0) {
            return AgentOutcome.success(0, AgentOutcome.summaryLine(parser.resultText()));
        }
        String why = parser.sawResult() ? parser.resultText()
                : result.tail().isEmpty() ? "claude exited without a result" : result.tail().get(result.tail().size() - 1);
        return AgentOutcome.failure(result.exitCode(), "exit " + result.exitCode() + ": " + AgentOutcome.summaryLine(why));
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
