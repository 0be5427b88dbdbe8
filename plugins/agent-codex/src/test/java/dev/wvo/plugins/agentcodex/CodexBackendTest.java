package dev.wvo.plugins.agentcodex;

import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;
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

/**
 * The backend's argv and its reading of what codex printed, with transcripts captured from the
 * real codex-cli 0.171.0 (resources {@code codex-0.171.0/}) replayed by a stand-in executable
 * that records its argv and environment. The real CLI runs against the scripted model API in
 * the cli module's {@code dev.wvo.cli.agents} tests.
 */
class CodexBackendTest {

    private static final Instant NOW = Instant.parse("2026-12-05T18:40:00Z");

    @TempDir
    Path dir;

    private final CodexBackend backend = new CodexBackend(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void patch_isASuccessWithTheChangedFileThreadAndTokens() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("config.toml"), "model = \"gpt-5.5\"\nmodel_provider = \"local\"\n");
        List<String> shown = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = backend.run(run(replay("patch", "", 0, false), Map.of("home", home.toString(),
                "approval_policy", "never")), shown::add);
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.SUCCESS);
        assertThat(outcome.summary()).isEqualTo("All done.");
        assertThat(outcome.sessionId()).isEqualTo("01a24780-b562-7dc3-a1da-ab8ef997be5a");
        assertThat(outcome.changedFiles()).containsExactly("/tmp/explore/cap/cw/hello.txt");
        assertThat(outcome.usage()).isEqualTo(new Usage("gpt-5.5", 160, 14, 40, 0, null));
        assertThat(shown).contains("> changed /tmp/explore/cap/cw/hello.txt");
        assertThat(Files.readAllLines(dir.resolve("argv"))).containsExactly("exec", "--json", "--sandbox", "workspace-write",
                "-c", "approval_policy=\"never\"", "--skip-git-repo-check", "Fix hello.txt");
        assertThat(outcome.argv()).endsWith("--skip-git-repo-check", AgentOutcome.PROMPT_PLACEHOLDER);
        assertThat(Files.readAllLines(dir.resolve("env"))).contains("CODEX_HOME=" + home);
    }

    @Test
    void refusedPatch_isRefused_thoughTheTurnCompleted_andItsStderrStaysInTheLog() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = backend.run(run(replay("patch-read-only", "patch-read-only", 0, false),
                Map.of("sandbox", "read-only")), sink(shown, errors));
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.REFUSED);
        assertThat(outcome.refusals()).containsExactly(
                "apply_patch: writing is blocked by read-only sandbox; rejected by user approval settings");
        assertThat(outcome.summary()).startsWith("codex's sandbox read-only refused 1 change: apply_patch: writing is blocked")
                .endsWith("(use sandbox workspace-write)");
        assertThat(errors).contains("Reading additional input from stdin...");
        assertThat(shown).noneMatch(l -> l.contains("Reading additional input"));
    }

    @Test
    void commandStoppedByTheSandbox_isRefused() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("command-read-only", "", 0, false), Map.of("sandbox", "read-only")),
                l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.REFUSED);
        assertThat(outcome.refusals()).containsExactly("/bin/bash -lc 'echo hi > hi.txt': /bin/bash: line 1: hi.txt: "
                + "Read-only file system");
    }

    @Test
    void reconnectsAfter429_stopCodexEarly_asRateLimited() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("reconnecting-429", "", 1, true), Map.of()), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.summary()).isEqualTo("rate-limited: codex reconnected 2 times after HTTP 429 Too Many Requests");
    }

    @Test
    void usageLimit_isRateLimitedUntilTheTimeItNames() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("usage-limit", "", 1, false), Map.of()), l -> { });
        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(outcome.retryAfter()).isEqualTo(Instant.parse("2026-12-05T19:39:00Z"));
        assertThat(outcome.summary()).startsWith("You’ve hit your usage limit.");
    }

    @Test
    void startupError_isTheSummary_withoutTheStdinChatter() throws Exception {
        Path program = script("#!/bin/sh\necho 'Reading additional input from stdin...' >&2\n"
                + "echo 'Not inside a trusted directory and --skip-git-repo-check was not specified.' >&2\nexit 1\n");
        AgentOutcome outcome = backend.run(run(program, Map.of("skip_git_repo_check", "false")), l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.summary()).isEqualTo("exit 1: Not inside a trusted directory and --skip-git-repo-check was not specified.");
    }

    @Test
    void resume_extraArgs_andAGitRepository_shapeTheArgv() throws Exception {
        assertThat(new ProcessBuilder("git", "init", "-q", dir.toString()).inheritIO().start().waitFor()).isZero();
        Path program = replay("patch", "", 0, false);
        backend.run(new AgentRun(task(), dir, "Fix hello.txt", env(), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Map.of("executable", program.toString(), "extra_args", "-c 'model_reasoning_effort=\"high\"'"),
                "01a24780"), l -> { });
        assertThat(Files.readAllLines(dir.resolve("argv"))).containsExactly("exec", "--json", "--sandbox", "workspace-write",
                "-c", "model_reasoning_effort=\"high\"", "resume", "01a24780", "Fix hello.txt");
    }

    @Test
    void profile_isReadFromItsOwnFile_andAMissingOrLegacyOneIsAClearError() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("config.toml"), "model = \"gpt-5.5\"\n");
        AgentOutcome missing = backend.run(run(replay("patch", "", 0, false), Map.of("home", home.toString(),
                "config_profile", "fast")), l -> { });
        assertThat(missing.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(missing.summary()).contains("has no file " + home.resolve("fast.config.toml"));

        Files.writeString(home.resolve("fast.config.toml"), "model = \"gpt-5.4\"\n");
        AgentOutcome ok = backend.run(run(replay("patch", "", 0, false), Map.of("home", home.toString(),
                "config_profile", "fast")), l -> { });
        assertThat(ok.usage().model()).isEqualTo("gpt-5.4");
        assertThat(ok.argv()).containsSubsequence("--profile", "fast");

        Files.writeString(home.resolve("config.toml"), "model = \"gpt-5.5\"\n[profiles.fast]\nmodel = \"o3\"\n");
        AgentOutcome legacy = backend.run(run(replay("patch", "", 0, false), Map.of("home", home.toString(),
                "config_profile", "fast")), l -> { });
        assertThat(legacy.summary()).contains("[profiles.fast] table", "move its settings into " + home.resolve("fast.config.toml"));

        Files.writeString(dir.resolve("outside.config.toml"), "model = \"o3\"\n");
        AgentOutcome climbing = backend.run(run(replay("patch", "", 0, false), Map.of("home", home.toString(),
                "config_profile", "../outside")), l -> { });
        assertThat(climbing.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(climbing.summary()).contains("codex profile `../outside` cannot be used", "fix config_profile");
    }

    @Test
    void unknownSandbox_isAFailureNamingTheSandboxes() throws Exception {
        AgentOutcome outcome = backend.run(run(replay("patch", "", 0, false), Map.of("sandbox", "workspace")), l -> { });
        assertThat(outcome.summary()).isEqualTo("codex backend: sandbox `workspace` is not one of codex's: read-only, "
                + "workspace-write, danger-full-access");
    }

    @Test
    void silentCodex_isStalled() throws Exception {
        Path program = script("#!/bin/sh\nsleep 600\n");
        AgentOutcome outcome = backend.run(new AgentRun(task(), dir, "p", env(), Duration.ofMinutes(1),
                Duration.ofMillis(500), Map.of("executable", program.toString()), null), l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.STALLED);
    }

    private static OutputSink sink(List<String> shown, List<String> errors) {
        return new OutputSink() {
            @Override
            public void line(String line) {
                shown.add(line);
            }

            @Override
            public void errorLine(String line) {
                errors.add(line);
            }
        };
    }

    private AgentRun run(Path program, Map<String, String> settings) {
        Map<String, String> all = new LinkedHashMap<>(settings);
        all.putIfAbsent("executable", program.toString());
        return new AgentRun(task(), dir, "Fix hello.txt", env(), Duration.ofMinutes(1), Duration.ofMinutes(1), all, null);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("WVO_RECORD", dir.toString());
        return env;
    }

    private static TaskView task() {
        return TaskView.builder("T2").title("Fix hello").status("in_progress").build();
    }

    /** A stand-in codex that prints a captured transcript (and its stderr), then exits (or hangs). */
    private Path replay(String transcript, String stderr, int exit, boolean hang) throws IOException {
        Path out = copy(transcript + ".jsonl");
        String err = stderr.isEmpty() ? "echo 'Reading additional input from stdin...' >&2\n"
                : "cat '" + copy(stderr + ".stderr") + "' >&2\n";
        return script("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$WVO_RECORD/argv\"\nenv > \"$WVO_RECORD/env\"\n" + err
                + "cat '" + out + "'\n" + (hang ? "sleep 600\n" : "") + "exit " + exit + "\n");
    }

    private Path copy(String resource) throws IOException {
        Path file = dir.resolve(resource);
        if (!Files.exists(file)) {
            try (InputStream in = getClass().getResourceAsStream("/codex-0.171.0/" + resource)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    private Path script(String text) throws IOException {
        Path file = Files.createTempFile(dir, "codex", "");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
