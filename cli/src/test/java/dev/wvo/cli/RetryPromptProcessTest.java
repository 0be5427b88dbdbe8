package dev.wvo.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code wvo worker} with a fake {@code claude} first on the PATH that records every call's
 * arguments and prompt ({@code -p}, as the Claude backend passes it): its first call changes
 * files in the repository and ends with an error result; the second call's prompt names those
 * files and why the first ended, and, with resuming on, it carries {@code --resume=} the session
 * the first printed.
 */
@Tag("process")
class RetryPromptProcessTest {

    private static final String FIRST_SESSION = "4f1c2a9e-7d3b-4c1a-9e5f-0a1b2c3d4e5f";

    @TempDir
    Path dir;

    @Test
    void retryPrompt_namesTheFilesTheFailedAttemptChangedAndWhyItEnded() throws Exception {
        Run run = runTwoAttempts(null);

        String retryPrompt = Files.readString(run.calls.resolve("2.prompt"));
        assertThat(retryPrompt).contains("This is attempt 2 of this task.",
                "Attempt 1 (claude, worker w1) failed: exit 1: Reached maximum number of turns (8)",
                "src/app.txt (+1 -0)", "docs/plan.md (+2 -0)", "Its last output");
        assertThat(retryPrompt).as("the state directory is not the attempt's work").doesNotContain("roadmap.yaml");
        assertThat(Files.readString(run.calls.resolve("1.prompt"))).doesNotContain("previous attempt");
        assertThat(Files.readAllLines(run.calls.resolve("2.args"))).noneMatch(a -> a.startsWith("--resume"));
        Path brief = run.state.resolve("artifacts/T1/2/previous-attempt.md");
        assertThat(retryPrompt).contains(Files.readString(brief));
        assertThat(Files.readString(run.state.resolve("artifacts/T1/1/attempt.json")))
                .contains("\"session_id\" : \"" + FIRST_SESSION + "\"", "\"outcome\" : \"failure\"", "\"branch\" : \"main\"");
    }

    @Test
    void withResumeOn_theRetryContinuesTheFirstSession_andIsStillBriefed() throws Exception {
        Run run = runTwoAttempts("backends:\n  claude:\n    resume: true\n");

        assertThat(Files.readAllLines(run.calls.resolve("1.args"))).noneMatch(a -> a.startsWith("--resume"));
        assertThat(Files.readAllLines(run.calls.resolve("2.args"))).contains("--resume=" + FIRST_SESSION);
        assertThat(Files.readString(run.calls.resolve("2.prompt"))).contains("docs/plan.md (+2 -0)");
    }

    @Test
    void wrongRetrySettings_stopTheWorkerBeforeItClaims_sayingWhere() throws Exception {
        Path state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        assertThat(Cli.inState(state, "task", "add", "T1", "--title", "Anything").exitCode()).isZero();
        Files.writeString(state.resolve("config.yaml"), "retry:\n  brief_lines: lots\n");

        Cli.Result result = Cli.inState(state, "worker", "--agent", "shell", "--exit-when-idle");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.err()).contains("config.yaml:2:16: `retry.brief_lines` is 'lots'; it must be a whole number");
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).doesNotContain("in_progress");
    }

    private record Run(Path state, Path calls) {
    }

    private Run runTwoAttempts(String config) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = Files.createDirectories(dir.resolve("calls"));
        script(bin.resolve("claude"), fakeClaude(calls));
        Path work = Files.createDirectories(dir.resolve("work"));
        GitRepo repo = GitRepo.create(work);
        Path state = work.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        repo.write("src/app.txt", "one\n");
        repo.commitAll("base");
        if (config != null) {
            Files.writeString(state.resolve("config.yaml"), config);
        }
        assertThat(Cli.inState(state, "task", "add", "T1", "--title", "Fix the app", "--owns", "src").exitCode()).isZero();
        Path plugins = ReactorPlugins.folderIn(dir);

        CliProcess worker = CliProcess.start(dir, "w1", Map.of("PATH", bin + ":" + System.getenv("PATH")),
                "--state", state.toString(), "--plugins", plugins.toString(), "worker", "--id", "w1", "--agent", "claude",
                "--exit-when-idle", "--workdir", work.toString());

        assertThat(worker.exitCode()).as(worker.stderr()).isZero();
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).contains("status: done", "attempts: 2");
        return new Run(state, calls);
    }

    /** Prints what `claude -p ... --output-format stream-json --verbose` prints (shared/AGENT-CLIS.md, A4 and A5). */
    private static String fakeClaude(Path calls) {
        return String.join("\n", List.of(
                "#!/bin/sh",
                "calls='" + calls + "'",
                "n=$(( $(ls \"$calls\" | grep -c 'args$') + 1 ))",
                "printf '%s\\n' \"$@\" > \"$calls/$n.args\"",
                "while [ $# -gt 0 ]; do",
                "  if [ \"$1\" = -p ]; then printf '%s' \"$2\" > \"$calls/$n.prompt\"; shift; fi",
                "  shift",
                "done",
                "sid=" + FIRST_SESSION,
                "echo '{\"type\":\"system\",\"subtype\":\"init\",\"cwd\":\"'\"$PWD\"'\",\"session_id\":\"'$sid'\","
                        + "\"tools\":[\"Bash\",\"Edit\",\"Write\"],\"mcp_servers\":[],\"model\":\"claude-sonnet-4-5-20250929\","
                        + "\"permissionMode\":\"default\",\"apiKeySource\":\"none\",\"claude_code_version\":\"2.1.153\",\"uuid\":\"i1\"}'",
                "if [ \"$n\" = 1 ]; then",
                "  echo two >> src/app.txt",
                "  mkdir -p docs && printf 'step 1\\nstep 2\\n' > docs/plan.md",
                "  echo '{\"type\":\"assistant\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
                        + "\"content\":[{\"type\":\"text\",\"text\":\"Wrote docs/plan.md; src/app.txt still fails its test.\"}]},"
                        + "\"parent_tool_use_id\":null,\"session_id\":\"'$sid'\",\"uuid\":\"a1\"}'",
                "  echo '{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"duration_ms\":28399,\"is_error\":true,"
                        + "\"num_turns\":8,\"session_id\":\"'$sid'\",\"total_cost_usd\":0.4,"
                        + "\"errors\":[\"Reached maximum number of turns (8)\"],\"uuid\":\"r1\"}'",
                "  exit 1",
                "fi",
                "echo '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"duration_ms\":4086,\"num_turns\":2,"
                        + "\"result\":\"Fixed src/app.txt.\",\"stop_reason\":\"end_turn\",\"session_id\":\"'$sid'\","
                        + "\"total_cost_usd\":0.02,\"permission_denials\":[],\"uuid\":\"r2\"}'",
                "exit 0",
                ""));
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
