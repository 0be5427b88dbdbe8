package dev.wvo.plugins.agentcodex;

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

/** Runs the real backend against a fake {@code codex} placed first on the PATH. */
class CodexBackendTest {

    @TempDir
    Path dir;
    private Path work;
    private Path bin;
    private final CodexBackend backend = new CodexBackend(Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC));

    @BeforeEach
    void installFakeCodex() throws Exception {
        work = Files.createDirectories(dir.resolve("work"));
        bin = Files.createDirectories(dir.resolve("bin"));
        try (InputStream script = getClass().getResourceAsStream("/fake-codex")) {
            Files.copy(script, bin.resolve("codex"));
        }
        Files.setPosixFilePermissions(bin.resolve("codex"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private AgentRun run(String scenario, Map<String, String> settings, Duration stall, String resume) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("FAKE_CODEX_SCENARIO", scenario);
        env.put("FAKE_CODEX_ARGS", dir.resolve("args.txt").toString());
        env.put("FAKE_CODEX_ENV", dir.resolve("env.txt").toString());
        TaskView task = new TaskView("T2", "Fix main", "", "in_progress", null, null, 0, List.of(), List.of(),
                List.of(), false, null, null, null, 1, Map.of());
        return new AgentRun(task, work, "Fix src/main.rs", env, Duration.ofMinutes(1), stall, settings, resume);
    }

    @Test
    void success_collectsMessageThreadAndChangedFiles_ignoringRetryNotices() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = backend.run(run("success", Map.of("model", "gpt-5-codex", "home", "/profiles/codex-work",
                "approval_policy", "never"), Duration.ofMinutes(1), null), lines::add);
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.SUCCESS);
        assertThat(outcome.summary()).isEqualTo("Updated src/main.rs; tests pass.");
        assertThat(outcome.sessionId()).isEqualTo("0199a213-81c0-7800-8aa1-bbab2a035a53");
        assertThat(outcome.changedFiles()).containsExactly("src/main.rs");
        assertThat(lines).contains("> bash -lc ls (exit 0)");
        assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsExactly("exec", "--json", "--model", "gpt-5-codex",
                "--sandbox", "workspace-write", "-c", "approval_policy=\"never\"", "Fix src/main.rs");
        assertThat(Files.readString(dir.resolve("env.txt")).strip()).isEqualTo("CODEX_HOME=/profiles/codex-work");
    }

    @Test
    void resume_usesExecResumeWithTheThread() throws Exception {
        backend.run(run("success", Map.of(), Duration.ofMinutes(1), "0199a213"), l -> { });
        assertThat(Files.readAllLines(dir.resolve("args.txt"))).containsSubsequence("resume", "0199a213", "Fix src/main.rs");
    }

    @Test
    void usageLimit_isRateLimitedUntilTheTimeItNames() throws Exception {
        AgentOutcome outcome = backend.run(run("limit", Map.of(), Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.retryAfter()).isEqualTo(Instant.parse("2027-05-20T16:03:00Z"));
    }

    @Test
    void retryLimit429_isRateLimitedWithoutATime() throws Exception {
        AgentOutcome outcome = backend.run(run("retry-limit", Map.of(), Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.retryAfter()).isNull();
    }

    @Test
    void failedTurn_isAFailure() throws Exception {
        AgentOutcome outcome = backend.run(run("failure", Map.of(), Duration.ofMinutes(1), null), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).contains("stream ended unexpectedly");
    }

    @Test
    void hang_isStalled() throws Exception {
        AgentOutcome outcome = backend.run(run("hang", Map.of(), Duration.ofMillis(500), null), l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.STALLED);
    }
}
