package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.wvo.cli.agents.AgentEnvironment;
import dev.wvo.cli.agents.Api;
import dev.wvo.cli.agents.Reply;
import dev.wvo.cli.agents.RequiresAgentClis;
import dev.wvo.cli.agents.Script;
import dev.wvo.cli.agents.ScriptedModelApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A per-task budget and the notifications, with two real {@code wvo worker} JVMs running the
 * real {@code claude} against the scripted model API: a task whose attempt cost more than its
 * budget is blocked for a person instead of retried, with a {@code budget} event, {@code wvo cost}
 * and {@code status} show it against its budget, and each of its notifications (budget reached,
 * needs attention) arrives exactly once, though both workers follow the log, at a real HTTP
 * receiver on loopback (the webhook plugin) and at a recording hook command, the secret in the
 * message masked.
 */
@Tag("process")
@RequiresAgentClis
class BudgetNotificationsProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "sk-scripted-anthropic";

    @TempDir
    Path dir;

    private ScriptedModelApi api;
    private HttpServer receiver;
    private final List<JsonNode> posted = new CopyOnWriteArrayList<>();
    private Path state;
    private Path plugins;
    private Path work;

    @BeforeEach
    void init() throws Exception {
        api = ScriptedModelApi.start();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        receiver.createContext("/hook", exchange -> {
            try (exchange) {
                posted.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
                exchange.sendResponseHeaders(204, -1);
            }
        });
        receiver.start();
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        work = Files.createDirectories(dir.resolve("work"));
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @AfterEach
    void stop() {
        api.close();
        receiver.stop(0);
    }

    @Test
    void aTaskOverItsBudget_isBlockedNotRetried_andEachNotificationArrivesOnce_atTheWebhookAndTheHook() throws Exception {
        Path hookLog = dir.resolve("hook.jsonl");
        Files.writeString(state.resolve("config.yaml"), """
                budget: {task: $0.000001}
                notify:
                  on: [needs-attention, budget]
                  commands:
                    - [sh, -c, 'cat >> %s; echo >> %s']
                  notifiers:
                    webhook: {url: $WVO_TEST_WEBHOOK, format: json}
                """.formatted(hookLog, hookLog));
        // claude answers without editing: a success without changes, which would be retried; its cost ends it
        api.script(Api.ANTHROPIC, Script.always(Reply.text("Nothing to do, the key is " + SECRET + ".")));
        Cli.addFileTask(state, "T1");

        List<CliProcess> workers = new ArrayList<>();
        for (String name : List.of("w1", "w2")) {
            workers.add(worker(name));
        }
        for (CliProcess w : workers) {
            assertThat(w.exitCode(Duration.ofMinutes(2))).as(w.stderr() + w.stdout()).isZero();
        }

        JsonNode task = Cli.json(state, "task", "show", "T1", "--json");
        assertThat(task.get("status").asText()).isEqualTo("blocked");
        assertThat(task.get("attempts").asInt()).as("not retried past its budget").isEqualTo(1);
        assertThat(task.get("result").toString()).contains("the budget of task T1 is reached");
        List<String> events = Files.readAllLines(state.resolve("events.jsonl"));
        assertThat(events).filteredOn(l -> l.contains("\"type\":\"budget\"")).singleElement().asString()
                .contains("\"scope\":\"task\"", "\"subject\":\"T1\"", "\"action\":\"blocked\"");
        JsonNode cost = Cli.json(state, "cost", "--json");
        assertThat(cost.get("groups").get(0).get("budget").asText()).isEqualTo("$0.00");
        assertThat(cost.get("groups").get(0).get("budget_reached").asBoolean()).isTrue();
        assertThat(Cli.json(state, "status", "--json").get("cost").get("by_task").get(0).get("budget_reached").asBoolean()).isTrue();

        assertThat(posted).extracting(p -> p.get("wvo").get("kind").asText())
                .containsExactlyInAnyOrder("budget", "needs-attention");
        assertThat(posted).allSatisfy(p -> assertThat(p.get("text").asText()).contains("T1"));
        List<JsonNode> hooked = new ArrayList<>();
        for (String line : Files.readAllLines(hookLog, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                hooked.add(JSON.readTree(line));
            }
        }
        assertThat(hooked).extracting(h -> h.get("kind").asText()).containsExactlyInAnyOrder("budget", "needs-attention");
        assertThat(hooked).extracting(h -> h.get("event").get("task").asText()).containsOnly("T1");
        assertThat(Files.readString(hookLog) + posted).doesNotContain(SECRET);
    }

    @Test
    void aTaskBlockedAtItsBudget_runsAgainAfterAReset_andFinishes_whileABlockBeforeItsRunSpendsNoAttempt() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "budget: {task: $0.000001}\n");
        AtomicBoolean reset = new AtomicBoolean();
        // before the reset claude answers without editing (its cost blocks the task); after it, it writes the file
        api.script(Api.ANTHROPIC, (conversation, number) -> !reset.get() ? Reply.text("Nothing to do.")
                : conversation.turn() == 0 ? Reply.writeFile("out/T1.txt", "T1\n") : Reply.text("Done."));
        Cli.addFileTask(state, "T1");
        runWorker("w1");
        JsonNode blocked = Cli.json(state, "task", "show", "T1", "--json");
        assertThat(blocked.get("status").asText()).isEqualTo("blocked");
        assertThat(blocked.get("attempts").asInt()).isEqualTo(1);

        // a person sets it back to pending by hand, without a reset: the budget spent still counts
        Path roadmap = state.resolve("roadmap.yaml");
        Files.writeString(roadmap, Files.readString(roadmap).replace("status: blocked", "status: pending"));
        int asked = api.mainLoopRequests(Api.ANTHROPIC).size();
        runWorker("w1");
        JsonNode again = Cli.json(state, "task", "show", "T1", "--json");
        assertThat(again.get("status").asText()).isEqualTo("blocked");
        assertThat(again.get("attempts").asInt()).as("blocked before its run: no attempt spent").isEqualTo(1);
        assertThat(again.get("result").toString()).contains("before its run");
        assertThat(api.mainLoopRequests(Api.ANTHROPIC)).as("claude was not asked").hasSize(asked);

        Cli.Result r = Cli.inState(state, "task", "reset", "T1");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(roadmap)).contains("budget_from_attempt: 2");
        reset.set(true);
        runWorker("w1");
        JsonNode done = Cli.json(state, "task", "show", "T1", "--json");
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(work.resolve("out/T1.txt")).hasContent("T1");
        assertThat(Files.readAllLines(state.resolve("events.jsonl"))).filteredOn(l -> l.contains("\"type\":\"budget\""))
                .as("blocked twice before the reset, never after").hasSize(2);
    }

    private void runWorker(String name) throws Exception {
        CliProcess w = worker(name);
        assertThat(w.exitCode(Duration.ofMinutes(2))).as(w.stderr() + w.stdout()).isZero();
    }

    private CliProcess worker(String name) throws Exception {
        AgentEnvironment env = AgentEnvironment.in(dir, api);
        Map<String, String> variables = new HashMap<>(env.variables());
        variables.put("WVO_TEST_WEBHOOK", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        return CliProcess.start(dir, name, variables, env.removed(), "--state", state.toString(), "--plugins",
                plugins.toString(), "worker", "--id", name, "--exit-when-idle", "--workdir", work.toString(), "--agent",
                "claude");
    }
}
