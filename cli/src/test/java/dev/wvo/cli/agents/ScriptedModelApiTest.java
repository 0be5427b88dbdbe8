package dev.wvo.cli.agents;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scripted model API with a real CLI called directly (no wvo): what the script says happens
 * through the agent's own tools (a patch and a command for codex; claude's edits are proven by
 * the worker-level tests), and what codex sends.
 */
@RequiresAgentClis
class ScriptedModelApiTest {

    @TempDir
    Path dir;

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
