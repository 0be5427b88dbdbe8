package dev.wvo.plugins.agentclaude;

import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.TaskView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the real backend against a fake {@code claude} placed first on the PATH. */
class ClaudeBackendTest {

    @TempDir
    Path dir;
    private Path work;
    private Path bin;

    @BeforeEach
    void installFakeClaude() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        bin = Files.createDirectories(dir.resolve("bin"));
        try (InputStream script = getClass().getResourceAsStream("/fake-claude")) {
            Files.copy(script, bin.resolve("claude"));
        }
        Files.setPosixFilePermissions(bin.resolve("claude"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private AgentRun run(String scenario, Map<String, String> settings, Duration stall, String resume) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("FAKE_CLAUDE_SCENARIO", scenario);
        env.put("FAKE_CLAUDE_ARGS", dir.resolve("args.txt").toString());
        env.put("FAKE_CLAUDE_ENV", dir.resolve("env.txt").toString());
        env.put("CLAUDECODE", "1"); // as when wvo itself runs inside Claude Code: must not reach the child
        TaskView task = new TaskView("T1", "Say hello", "", "in_progress", null, null, 0, List.of(), List.of(),
                List.of(), false, null, null, null, 1, Map.of());
        return new AgentRun(task, work, "--- Task T1: write src/hello.txt", env, Duration.ofMinutes(1), stall, settings, resume);
    }

    private final ClaudeBackend backend = new ClaudeBackend(Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void success_collectsResultSessionCostAndEditedFiles() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = backend.run(run("success", Map.of("model", "opus", "permission_mode", "acceptEdits",
                "config_dir", "/profiles/work", "extra_args", "--max-budget-usd 2"), Duration.ofMinutes(1), null), lines::add);
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.SUCCESS);
        assertThat(outcome.summary()).isEqualTo("Done: wrote src/hello.txt.");
        assertThat(outcome.sessionId()).isEqualTo("f470391b-60d9-4dc5-8aed-9904549aafcb");
        assertThat(outcome.costUsd()).isEqualTo(0.0241);
        assertThat(outcome.changedFiles()).containsExactly("src/hello.txt");
        assertThat(lines).contains("> Write: src/hello.txt", "Done: wrote src/hello.txt.");
        List<String> argv = Files.readAllLines(dir.resolve("args.txt"));
        assertThat(argv).containsSubsequence("-p", " --- Task T1: write src/hello.txt", "--output-format", "stream-json",
                "--verbose", "--model", "opus", "--permission-mode", "acceptEdits", "--max-budget-usd", "2");
        assertThat(Files.readString(dir.resolve("env.txt")).strip()).isEqualTo("CLAUDE_CONFIG_DIR=/profiles/work CLAUDECODE=");
    }

    @Test
    void resume_passesTheSessionInTheEqualsForm() throws Exception {
        backend.run(run("success", Map.of(), Duration.ofMinutes(1), "8fc99cf0"), l -> { });
        assertThat(Files.readAllLines(dir.resolve("args.txt"))).contains("--resume=8fc99cf0");
    }

    @Test
    void limit_isRateLimitedWithTheResetFromTheLimitEvent() throws Exception {
        AgentOutcome outcome = backend.run(run("limit", Map.of(), Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.retryAfter()).isEqualTo(Instant.ofEpochSecond(1755772800));
        assertThat(outcome.summary()).contains("hit your limit");
    }

    @Test
    void limitText_isRateLimitedWithTheResetReadFromTheMessage() throws Exception {
        AgentOutcome outcome = backend.run(run("limit-text", Map.of(), Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.retryAfter()).isEqualTo(Instant.parse("2026-11-22T15:45:00Z"));
    }

    @Test
    void maxTurns_isAFailureNamingTheError() throws Exception {
        AgentOutcome outcome = backend.run(run("max-turns", Map.of(), Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).contains("Reached maximum number of turns (41)");
        assertThat(outcome.costUsd()).isEqualTo(1.40);
    }

    @Test
    void hang_isStalled() throws Exception {
        AgentOutcome outcome = backend.run(run("hang", Map.of(), Duration.ofMillis(500), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.STALLED);
    }

    @Test
    void missingExecutable_isAFailureSayingWhatToDo() throws Exception {
        AgentOutcome outcome = backend.run(run("success", Map.of("executable", "claude-not-installed"),
                Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).contains("not found on the PATH");
    }
}
