package dev.wvo.cli.agents;

import dev.wvo.cli.ReactorPlugins;
import dev.wvo.plugins.PluginHost;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.TaskView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claude and codex backends, loaded as plugins by the real plugin host, running the real
 * CLIs against the scripted model API: what the worker-level proofs ({@code RealAgentsProcessTest})
 * leave out: codex's sandbox refusal, its usage limit and {@code exec resume}, and what
 * {@code wvo doctor} learns of each CLI.
 */
@RequiresAgentClis
class RealBackendsTest {

    @TempDir
    Path dir;
    private ScriptedModelApi api;
    private PluginHost plugins;
    private Path work;

    @BeforeEach
    void start() throws Exception {
        api = ScriptedModelApi.start();
        plugins = PluginHost.load(List.of(ReactorPlugins.folderIn(dir)));
        work = Files.createDirectories(dir.resolve("work"));
    }

    @AfterEach
    void stop() {
        plugins.close();
        api.close();
    }

    @Test
    void codex_inAReadOnlySandbox_isRefused() throws Exception {
        api.script(Api.OPENAI, Script.steps(Reply.writeFile("hello.txt", "hello\n"), Reply.text("Added hello.txt.")));
        AgentOutcome outcome = run("codex", AgentEnvironment.in(dir, api), Map.of("sandbox", "read-only"), null);

        assertThat(outcome.status()).as(outcome.toString()).isEqualTo(AgentOutcome.Status.REFUSED);
        assertThat(work.resolve("hello.txt")).doesNotExist();
        assertThat(outcome.summary()).contains("read-only refused 1 change", "use sandbox workspace-write");
    }

    @Test
    void codex_usageLimit_isRateLimitedUntilTheReset_andExecResumeContinuesTheThread() throws Exception {
        AgentEnvironment env = AgentEnvironment.in(dir, api);
        api.script(Api.OPENAI, Script.always(Reply.text("Noted.")));
        AgentOutcome first = run("codex", env, Map.of(), null);
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS);
        api.script(Api.OPENAI, Script.always(Reply.usageLimit(reset)));
        AgentOutcome limited = run("codex", env, Map.of(), first.sessionId());

        assertThat(limited.status()).as(limited.toString()).isEqualTo(AgentOutcome.Status.RATE_LIMITED);
        assertThat(limited.retryAfter()).isBetween(reset.truncatedTo(ChronoUnit.MINUTES).minusSeconds(60), reset);
        assertThat(limited.argv()).containsSubsequence("resume", first.sessionId(), AgentOutcome.PROMPT_PLACEHOLDER);
        List<RecordedRequest> main = api.mainLoopRequests(Api.OPENAI);
        assertThat(main.get(main.size() - 1).body().toString()).contains("Noted.");
    }

    @Test
    void doctor_seesBothClis_theirCredentials_andSettingsThatCannotEdit() {
        AgentEnvironment env = AgentEnvironment.in(dir, api);
        AgentBackend.Diagnosis claude = backend("claude").diagnose(Map.of("permission_mode", "plan"), env.variables());
        assertThat(claude.starts()).isTrue();
        assertThat(claude.version()).isEqualTo("2.1.197 (Claude Code)");
        assertThat(claude.credentials()).containsExactly("ANTHROPIC_API_KEY is set");
        assertThat(claude.cannotEdit()).singleElement().asString().contains("plan");

        AgentBackend.Diagnosis codex = backend("codex").diagnose(Map.of("sandbox", "read-only"), env.variables());
        assertThat(codex.version()).isEqualTo("codex-cli 0.171.0");
        assertThat(codex.credentials()).contains("OPENAI_API_KEY is set");
        assertThat(codex.cannotEdit()).singleElement().asString().contains("read-only");
        assertThat(codex.toString()).doesNotContain("sk-scripted");
    }

    private AgentBackend backend(String name) {
        return plugins.backend(name).orElseThrow();
    }

    private AgentOutcome run(String name, AgentEnvironment env, Map<String, String> settings, String resume)
            throws InterruptedException {
        Map<String, String> vars = new HashMap<>(env.variables());
        TaskView task = TaskView.builder("T1").title("Write hello.txt").status("in_progress").build();
        List<String> lines = new CopyOnWriteArrayList<>();
        return backend(name).run(new AgentRun(task, work, "Write hello.txt with the word hello.", vars,
                Duration.ofMinutes(2), Duration.ofMinutes(2), settings, resume), lines::add);
    }
}
