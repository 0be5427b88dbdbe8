package dev.wvo.plugins.agentclaude;

import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The backend's argv and its reading of what claude printed, with transcripts captured from the
 * real claude-code 2.1.197 (resources {@code claude-2.1.197/}) replayed by a stand-in executable
 * that records its argv and environment. The real CLI runs against the scripted model API in
 * the cli module's {@code dev.wvo.cli.agents} tests.
 */
class ClaudeBackendTest {

    private static final Instant NOW = Instant.parse("2026-12-05T18:40:00Z");

    @TempDir
    Path dir;

    private final ClaudeBackend backend = new ClaudeBackend(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void acceptedEdit_isASuccessWithTheChangedFileSessionUsageAndCost() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = backend.run(run(replay("edit-accepted", 0, false), Map.of("config_dir", "/profiles/work")),
                shown::add);
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.SUCCESS);
        assertThat(outcome.summary()).isEqualTo("All done.");
        assertThat(outcome.changedFiles()).containsExactly("/tmp/explore/cap/work/hello.txt");
        assertThat(outcome.sessionId()).isEqualTo("fee4886e-e19d-4a46-9c28-7c8fc3e69241");
        assertThat(outcome.usage()).isEqualTo(new Usage("claude-opus-4-8[1m]", 20, 10, 0, 0, 0.00035));
        assertThat(outcome.argv()).containsSubsequence("-p", AgentOutcome.PROMPT_PLACEHOLDER, "--output-format",
                "stream-json", "--verbose", "--permission-mode", "acceptEdits");
        assertThat(shown).anyMatch(l -> l.startsWith("claude 2.1.197 · model claude-opus-4-8[1m] · permission mode acceptEdits"));
        assertThat(Files.readAllLines(dir.resolve("argv"))).containsSubsequence("-p", " --- Task T1", "--permission-mode",
                "acceptEdits");
        List<String> env = Files.readAllLines(dir.resolve("env"));
        assertThat(env).contains("CLAUDE_CONFIG_DIR=/profiles/work").noneMatch(l -> l.startsWith("CLAUDECODE="));
    }

    @Test
    void deniedEdit_isRefused_namingWhatAndWhy_andChangesNothing() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("edit-denied", 0, false), Map.of("permission_mode", "default")),
                l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.REFUSED);
        assertThat(outcome.refusals()).containsExactly("Write /tmp/explore/cap/work/hello.txt");
        assertThat(outcome.summary()).startsWith("claude's permission mode default refused 1 call: Write /tmp/explore/cap/work/hello.txt")
                .contains("use acceptEdits");
        assertThat(outcome.changedFiles()).isEmpty();
        assertThat(outcome.usage().costUsd()).isEqualTo(0.00035);
    }

    @Test
    void rateLimitRetries_stopClaudeEarly_andReportTheAnnouncedDelay() throws Exception {
        // the replay hangs after its retry lines, as claude would while it keeps retrying for minutes
        AgentOutcome outcome = backend.run(run(replay("api-retry-429", 1, true), Map.of()), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.summary()).isEqualTo("rate-limited: claude retried a refused API call 2 times (HTTP 429)");
        assertThat(outcome.retryAfter()).isEqualTo(NOW.plusSeconds(2));
        assertThat(outcome.sessionId()).isEqualTo("f7a437ba-a6a8-49f1-8983-f73aafd3a44f");
    }

    @Test
    void rateLimitRetries_belowTheConfiguredCount_areLeftToClaude_untilItGivesUp() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("api-retry-429", 1, false), Map.of("rate_limit_retries", "3")),
                l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.summary()).isEqualTo("rate-limited: claude gave up after 2 retries of a refused API call");
        assertThat(outcome.retryAfter()).isEqualTo(NOW.plusSeconds(2));
    }

    @Test
    void sessionLimit_isRateLimitedUntilTheResetOfTheLimitEvent() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("session-limit", 1, false), Map.of()), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.retryAfter()).isEqualTo(Instant.ofEpochSecond(1796499540));
        assertThat(outcome.summary()).isEqualTo("You've hit your session limit · resets 7:39pm (UTC)");
    }

    @Test
    void extraArgs_areSplitWithShellQuoting_andResumeUsesTheEqualsForm() throws Exception {
        Path program = replay("edit-accepted", 0, false);
        backend.run(new AgentRun(task(), dir, "--- Task T1", env(program), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Map.of("executable", program.toString(), "extra_args", "--append-system-prompt 'be brief' --max-budget-usd 2"),
                "8fc99cf0"), l -> { });
        assertThat(Files.readAllLines(dir.resolve("argv"))).containsSubsequence("--resume=8fc99cf0",
                "--append-system-prompt", "be brief", "--max-budget-usd", "2");
    }

    @Test
    void startupError_onStandardError_isTheSummary_whileChatterStaysOutOfTheTerminal() throws Exception {
        Path program = script("#!/bin/sh\necho 'loading…' >&2\necho \"argument 'sometimes' is invalid\" >&2\nexit 1\n");
        List<String> shown = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = backend.run(run(program, Map.of()), new dev.wvo.spi.OutputSink() {
            @Override
            public void line(String line) {
                shown.add(line);
            }

            @Override
            public void errorLine(String line) {
                errors.add(line);
            }
        });
        assertThat(outcome.summary()).isEqualTo("exit 1: argument 'sometimes' is invalid");
        assertThat(errors).containsExactly("loading…", "argument 'sometimes' is invalid");
        assertThat(shown).isEmpty();
    }

    @Test
    void unknownPermissionMode_isAFailureNamingTheModes_beforeAnythingRuns() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("edit-accepted", 0, false), Map.of("permission_mode", "acceptedits")),
                l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).isEqualTo("claude backend: permission_mode `acceptedits` is spelled `acceptEdits`");
        assertThat(dir.resolve("argv")).doesNotExist();
    }

    @Test
    void bypassPermissionsAsRoot_isRefusedSayingWhatToDo() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root is refused");
        AgentOutcome outcome = backend.run(run(replay("edit-accepted", 0, false), Map.of("permission_mode", "bypassPermissions")),
                l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).contains("refuses bypassPermissions", "as root", "acceptEdits");
        assertThat(dir.resolve("argv")).doesNotExist();
    }

    @Test
    void silentClaude_isStalled() throws Exception {
        Path program = script("#!/bin/sh\nsleep 600\n");
        AgentOutcome outcome = backend.run(new AgentRun(task(), dir, "p", env(program), Duration.ofMinutes(1),
                Duration.ofMillis(500), Map.of("executable", program.toString()), null), l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.STALLED);
    }

    @Test
    void missingExecutable_isAFailureSayingWhatToDo() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("edit-accepted", 0, false), Map.of("executable", "claude-not-installed")),
                l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).contains("not found on the PATH");
    }

    @Test
    void command_withoutSettings_allowsEdits() {
        List<String> argv = backend.command(Path.of("/bin/claude"), new AgentRun(task(), dir, "Do it", Map.of(),
                Duration.ofMinutes(1), Duration.ofMinutes(1), Map.of(), null));
        assertThat(argv).containsExactly("/bin/claude", "-p", "Do it", "--output-format", "stream-json", "--verbose",
                "--permission-mode", "acceptEdits");
    }

    private AgentRun run(Path program, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putIfAbsent("executable", program.toString());
        return new AgentRun(task(), dir, "--- Task T1", env(program), Duration.ofMinutes(1), Duration.ofMinutes(1), all, null);
    }

    private Map<String, String> env(Path program) {
        Map<String, String> env = new HashMap<>();
        env.put("CLAUDECODE", "1"); // as when wvo itself runs inside Claude Code: must not reach the child
        env.put("WVO_RECORD", dir.toString());
        return env;
    }

    private static TaskView task() {
        return TaskView.builder("T1").title("Say hello").status("in_progress").build();
    }

    /** A stand-in claude that prints a captured transcript, then exits with {@code exit} (or hangs). */
    private Path replay(String transcript, int exit, boolean hang) throws IOException {
        Path file = dir.resolve(transcript + ".jsonl");
        try (InputStream in = getClass().getResourceAsStream("/claude-2.1.197/" + transcript + ".jsonl")) {
            Files.copy(in, file);
        }
        return script("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$WVO_RECORD/argv\"\nenv > \"$WVO_RECORD/env\"\ncat '" + file + "'\n"
                + (hang ? "sleep 600\n" : "") + "exit " + exit + "\n");
    }

    private Path script(String text) throws IOException {
        Path file = Files.createTempFile(dir, "claude", "");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
