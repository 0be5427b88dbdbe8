package dev.wvo.cli.agents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted model API with the real CLIs called directly (no wvo): what each CLI sends, and
 * that what the script says happens through the agent's own tools.
 */
@RequiresAgentClis
class ScriptedModelApiTest {

    @TempDir
    Path dir;

    @Test
    void claude_writesThroughItsOwnTool_andTheSideRequestsAreAnsweredWithoutTheScript() throws Exception {
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            api.script(Api.ANTHROPIC, Script.steps(Reply.writeFile("hello.txt", "hello\n"), Reply.text("Wrote hello.txt.")));
            Path work = Files.createDirectories(dir.resolve("work"));
            Run run = run(work, AgentEnvironment.in(dir, api), AgentClis.claude().toString(), "-p", "Write hello.txt",
                    "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits");

            assertThat(run.exit).as(run.stderr).isZero();
            assertThat(work.resolve("hello.txt")).as(run.stdout).hasContent("hello");
            assertThat(run.stdout).contains("\"permission_denials\":[]", "\"result\":\"Wrote hello.txt.\"");
            List<RecordedRequest> main = api.mainLoopRequests(Api.ANTHROPIC);
            assertThat(main).hasSize(2);
            assertThat(main.get(0).header("x-api-key")).isEqualTo("sk-scripted-anthropic");
            assertThat(main.get(0).conversation().workingDirectory()).isEqualTo(work.toString());
            assertThat(main.get(0).conversation().userText()).contains("Write hello.txt");
            assertThat(main.get(1).conversation().turn()).isEqualTo(1);
            assertThat(main.get(0).body().path("tools").findValuesAsText("name")).contains("Write", "Edit", "Bash");
        }
    }

    @Test
    void codex_appliesAPatchAndRunsACommand_inItsWorkspaceWriteSandbox() throws Exception {
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            api.script(Api.OPENAI, Script.steps(Reply.writeFile("hello.txt", "hello\n"), Reply.runCommand("echo hi > hi.txt"),
                    Reply.text("Done.")));
            Path work = Files.createDirectories(dir.resolve("work"));
            Run run = run(work, AgentEnvironment.in(dir, api), AgentClis.codex().toString(), "exec", "--json",
                    "--sandbox", "workspace-write", "--skip-git-repo-check", "Make hello.txt and hi.txt");

            assertThat(run.exit).as(run.stderr).isZero();
            assertThat(work.resolve("hello.txt")).as(run.stdout).hasContent("hello");
            assertThat(work.resolve("hi.txt")).hasContent("hi");
            assertThat(run.stdout).contains("\"type\":\"file_change\"", "\"type\":\"turn.completed\"");
            List<RecordedRequest> main = api.mainLoopRequests(Api.OPENAI);
            assertThat(main).hasSize(3);
            assertThat(main.get(0).header("authorization")).isEqualTo("Bearer sk-scripted-openai");
            assertThat(main.get(0).body().path("model").asText()).isEqualTo("gpt-5.5");
            assertThat(main.get(0).body().path("tools").findValuesAsText("name")).contains("apply_patch", "exec_command");
            assertThat(main.get(2).conversation().toolResults()).hasSize(2);
        }
    }

    @Test
    void limitsAndErrors_reachTheClisAsTheRealApisSendThem() throws Exception {
        try (ScriptedModelApi api = ScriptedModelApi.start()) {
            Instant reset = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            api.script(Api.ANTHROPIC, Script.always(Reply.usageLimit(reset)));
            api.script(Api.OPENAI, Script.always(Reply.usageLimit(reset)));
            Path work = Files.createDirectories(dir.resolve("work"));
            AgentEnvironment env = AgentEnvironment.in(dir, api).subscription();

            Run claude = run(work, env, AgentClis.claude().toString(), "-p", "hi", "--output-format", "stream-json", "--verbose");
            assertThat(claude.exit).isEqualTo(1);
            assertThat(claude.stdout).contains("\"type\":\"rate_limit_event\"", "\"resetsAt\":" + reset.getEpochSecond(),
                    "You've hit your session limit");

            Run codex = run(work, env, AgentClis.codex().toString(), "exec", "--json", "--skip-git-repo-check", "hi");
            assertThat(codex.exit).isEqualTo(1);
            assertThat(codex.stdout).contains("\"type\":\"turn.failed\"", "hit your usage limit");

            api.script(Api.ANTHROPIC, Script.always(Reply.error(400, "max_tokens: 64000 > 32000, which is the maximum allowed")));
            Run bad = run(work, AgentEnvironment.in(dir, api), AgentClis.claude().toString(), "-p", "hi",
                    "--output-format", "stream-json", "--verbose");
            assertThat(bad.exit).isEqualTo(1);
            assertThat(bad.stdout).contains("\"api_error_status\":400", "max_tokens: 64000 > 32000");
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run run(Path work, AgentEnvironment env, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "cli", ".out");
        Path err = Files.createTempFile(dir, "cli", ".err");
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        env.applyTo(builder.environment());
        Process process = builder.start();
        if (!process.waitFor(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("did not end within 60 s: " + String.join(" ", command) + "\n" + Files.readString(err));
        }
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
