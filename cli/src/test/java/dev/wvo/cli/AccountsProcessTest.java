package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.accounts.ClockTime;
import dev.wvo.cli.agents.AgentEnvironment;
import dev.wvo.cli.agents.Api;
import dev.wvo.cli.agents.Conversation;
import dev.wvo.cli.agents.RecordedRequest;
import dev.wvo.cli.agents.Reply;
import dev.wvo.cli.agents.RequiresAgentClis;
import dev.wvo.cli.agents.Script;
import dev.wvo.cli.agents.ScriptedModelApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several accounts of one backend, with real {@code wvo worker} JVMs running the real
 * {@code claude} against the scripted model API, which answers each account by its own login (a
 * subscription token per account, as a service answers each login by its own quota): a limited
 * account hands over to the next account of claude before codex; a reset primary gets the next
 * task; with every account limited the worker parks at ~no CPU and, at the reset, resumes the same
 * session in the same task worktree, on the work it left there, and finishes; {@code limits} shows
 * each account; workers on two hosts share the board. The scripted resets come a few seconds after
 * the request that meets the limit, so that no case waits longer than its proof needs.
 */
@Tag("process")
@RequiresAgentClis
class AccountsProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WORK = "sk-scripted-work-token";
    private static final String PERSONAL = "sk-scripted-personal-token";
    private static final Pattern TARGET = Pattern.compile("out/T\\d+\\.txt");
    /** How long after its first request the primary's scripted limit lifts: the first run and its checks fit in it. */
    private static final Duration PRIMARY_RESET = Duration.ofSeconds(15);
    /** How long after the limit that parks the worker it lifts: the park measured. */
    private static final Duration PARKED_RESET = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private ScriptedModelApi api;
    private Path state;
    private Path plugins;
    private Path work;

    @BeforeEach
    void init() throws Exception {
        api = ScriptedModelApi.start();
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        work = Files.createDirectories(dir.resolve("work"));
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        // each account its own claude configuration and its own login, taken from the worker's environment
        Files.writeString(state.resolve("config.yaml"), """
                accounts:
                  - {name: work, backend: claude, env: {CLAUDE_CONFIG_DIR: %s, CLAUDE_CODE_OAUTH_TOKEN: $WORK_TOKEN}}
                  - {name: personal, backend: claude, env: {CLAUDE_CONFIG_DIR: %s, CLAUDE_CODE_OAUTH_TOKEN: $PERSONAL_TOKEN}}
                limits: {min_cool_down: 0s, wake_jitter: 1s}
                """.formatted(Files.createDirectories(dir.resolve("claude-work")),
                Files.createDirectories(dir.resolve("claude-personal"))));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aLimitedAccount_handsOverToClaudesNextAccount_beforeCodex_andTheResetPrimaryGetsTheNextTask() throws Exception {
        // the primary resets a little after its first request: long enough for the first run and its checks
        AtomicReference<Instant> resetAt = new AtomicReference<>();
        api.script(Api.ANTHROPIC, WORK, (conversation, number) -> {
            Instant reset = resetAt.updateAndGet(r -> r != null ? r : inWholeSeconds(PRIMARY_RESET));
            return Instant.now().isBefore(reset) ? Reply.usageLimit(reset)
                    : conversation.turn() == 0 ? Reply.writeFile("out/T2.txt", "T2 by work\n") : Reply.text("Done.");
        });
        api.script(Api.ANTHROPIC, PERSONAL, Script.steps(Reply.writeFile("out/T1.txt", "T1 by personal\n"),
                Reply.text("Done.")));
        api.script(Api.OPENAI, Script.always(Reply.text("codex must not be asked")));
        Cli.addFileTask(state, "T1");

        CliProcess first = worker("w1", "--agent", "claude", "--fallback", "codex");
        assertThat(first.exitCode(Duration.ofMinutes(2))).as(first.stderr() + first.stdout()).isZero();
        Instant reset = resetAt.get();
        JsonNode limits = Cli.json(state, "limits", "--json");
        String limitsText = Cli.inState(state, "limits").out();
        assertThat(Instant.now()).as("the first run and its checks end before the primary's scripted reset; on a "
                + "machine this slow, raise PRIMARY_RESET").isBefore(reset);

        assertThat(work.resolve("out/T1.txt")).hasContent("T1 by personal");
        JsonNode attempt = JSON.readTree(state.resolve("artifacts/T1/1/attempt.json").toFile());
        assertThat(attempt.get("hops").findValuesAsText("account")).containsExactly("claude:work", "claude:personal");
        assertThat(attempt.get("hops").findValuesAsText("outcome")).containsExactly("rate_limited", "success");
        assertThat(api.mainLoopRequests(Api.OPENAI)).as("the next account of claude comes before codex").isEmpty();
        List<RecordedRequest> calls = api.mainLoopRequests(Api.ANTHROPIC);
        assertThat(calls.get(0).credential()).isEqualTo(WORK);
        assertThat(calls.subList(1, calls.size())).extracting(RecordedRequest::credential).containsOnly(PERSONAL);
        // each run used its account's CLAUDE_CONFIG_DIR: claude kept its session there
        assertThat(dir.resolve("claude-work/projects")).isDirectory();
        assertThat(dir.resolve("claude-personal/projects")).isDirectory();
        assertThat(dir.resolve("claude-config/projects")).as("the worker's own CLAUDE_CONFIG_DIR is not used").doesNotExist();
        assertThat(first.stdout()).doesNotContain(WORK, PERSONAL);

        assertThat(limits).extracting(a -> a.get("account").asText()).startsWith("claude:work", "claude:personal");
        JsonNode workLine = limits.get(0);
        assertThat(workLine.get("usable").asBoolean()).isFalse();
        assertThat(Instant.parse(workLine.get("until").asText())).isEqualTo(reset);
        assertThat(workLine.get("reason").asText()).contains("limit");
        JsonNode personalLine = limits.get(1);
        assertThat(personalLine.get("usable").asBoolean()).isTrue();
        assertThat(personalLine.get("today").get("runs").asInt()).isEqualTo(1);
        assertThat(limitsText).contains("claude:work", "limited until " + ClockTime.of(reset), "claude:personal", "usable");
        assertThat(Cli.json(state, "status", "--json").get("accounts")).extracting(a -> a.get("account").asText())
                .contains("claude:work", "claude:personal");

        // the primary's reset passes: the next task goes back to it
        await().atMost(Duration.ofMinutes(1)).until(() -> Instant.now().isAfter(reset));
        Cli.addFileTask(state, "T2");
        CliProcess second = worker("w1", "--agent", "claude", "--fallback", "codex");
        assertThat(second.exitCode(Duration.ofMinutes(2))).as(second.stderr() + second.stdout()).isZero();
        assertThat(work.resolve("out/T2.txt")).hasContent("T2 by work");
        assertThat(JSON.readTree(state.resolve("artifacts/T2/1/attempt.json").toFile()).get("hops")
                .findValuesAsText("account")).containsExactly("claude:work");
    }

    @Test
    void everyAccountLimited_parksAtNoCpu_andAtTheResetTheSameSessionGoesOnInTheSameWorktree_andFinishes() throws Exception {
        GitRepo repo = GitRepo.create(Files.createDirectories(dir.resolve("repo")));
        repo.write("README.md", "hello\n");
        repo.commitAll("init");
        Instant workReset = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        api.script(Api.ANTHROPIC, WORK, Script.always(Reply.usageLimit(workReset)));
        // personal does half of the task, then hits its limit, which lifts a little later: the park in between
        AtomicReference<Instant> resetAt = new AtomicReference<>();
        api.script(Api.ANTHROPIC, PERSONAL, (conversation, number) -> {
            Instant reset = resetAt.get();
            if (reset == null || Instant.now().isBefore(reset)) {
                return conversation.turn() == 0 ? Reply.writeFile("out/T1.txt", "first half\n")
                        : Reply.usageLimit(resetAt.updateAndGet(r -> r != null ? r : inWholeSeconds(PARKED_RESET)));
            }
            return conversation.lastToolResult().contains("T1-resumed.txt") ? Reply.text("Done.")
                    : Reply.writeFile("out/T1-resumed.txt", "second half\n");
        });
        Cli.addFileTask(state, "T1");

        CliProcess w = worker("w1", repo.dir, "--agent", "claude", "--worktree", "always");
        await().atMost(Duration.ofMinutes(1)).until(() -> w.stdout().contains("parked until "));
        // the park: from the line that says so to the reset, what the worker's JVM spent
        Instant parkStart = Instant.now();
        Duration cpuAtPark = cpu(w);
        Instant reset = resetAt.get();
        assertThat(w.stdout()).contains("parked until " + ClockTime.of(reset) + " (claude:personal resets first)");
        await().atMost(Duration.ofMinutes(1)).until(() -> !Instant.now().isBefore(reset));
        Duration parkCpu = cpu(w).minus(cpuAtPark);
        Duration parkWall = Duration.between(parkStart, Instant.now());
        System.out.println("parked worker: " + parkCpu.toMillis() + " ms of CPU in " + parkWall.toMillis() + " ms");
        assertThat(parkWall).as("a park long enough to measure").isGreaterThan(Duration.ofSeconds(3));
        assertThat(parkCpu).as("a parked worker uses ~no CPU").isLessThan(parkWall.dividedBy(20));
        JsonNode taskWhileParked = Cli.json(state, "task", "show", "T1", "--json");

        assertThat(w.exitCode(Duration.ofMinutes(2))).as(w.stderr() + w.stdout()).isZero();
        JsonNode task = Cli.json(state, "task", "show", "T1", "--json");
        assertThat(task.get("status").asText()).isEqualTo("done");
        assertThat(task.get("attempts").asInt()).as("the parked run spent no attempt").isEqualTo(1);
        assertThat(taskWhileParked.get("attempts").asInt()).isZero();
        // the work before the park (never committed: the worktree kept it) and after it landed as one
        assertThat(repo.git("show", "main:out/T1.txt")).isEqualTo("first half\n");
        assertThat(repo.git("show", "main:out/T1-resumed.txt")).isEqualTo("second half\n");
        assertThat(repo.git("log", "--format=%s", "main")).containsOnlyOnce("wvo: T1 attempt 1 by w1");

        JsonNode hops = JSON.readTree(state.resolve("artifacts/T1/1/attempt.json").toFile()).get("hops");
        assertThat(hops.findValuesAsText("account")).containsExactly("claude:work", "claude:personal", "claude:personal");
        String session = hops.get(1).get("session_id").asText();
        assertThat(hops.get(2).get("argv").toString()).as("the same session goes on").contains("--resume=" + session);
        List<RecordedRequest> personal = api.mainLoopRequests(Api.ANTHROPIC).stream()
                .filter(r -> PERSONAL.equals(r.credential())).toList();
        List<RecordedRequest> afterReset = personal.stream().filter(r -> !r.at().isBefore(reset)).toList();
        assertThat(afterReset.get(0).header("x-claude-code-session-id")).isEqualTo(session);
        assertThat(afterReset.get(0).conversation().userText()).contains("Continue the task where you left off");
        // the resumed run works in the parked run's worktree
        String worktree = personal.get(0).conversation().workingDirectory();
        assertThat(worktree).as("a task worktree, not the checkout").startsWith(repo.dir.resolve(".wvo").toString());
        assertThat(personal).extracting(r -> r.conversation().workingDirectory()).containsOnly(worktree);
        assertThat(w.stdout()).contains("T1 goes on in " + worktree);

        List<String> events = Files.readAllLines(state.resolve("events.jsonl"));
        assertThat(events).filteredOn(l -> l.contains("\"type\":\"park\"")).singleElement().asString()
                .contains("\"until\":\"" + reset + "\"", "\"account\":\"claude:personal\"");
        assertThat(events).filteredOn(l -> l.contains("\"type\":\"all-limited\"")).singleElement().asString()
                .contains("\"until\":\"" + reset + "\"");
    }

    @Test
    void workersOnTwoHosts_shareTheBoardPerAccount_aLimitSeenOnOneIsNotHitAgainOnTheOther() throws Exception {
        Instant reset = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        api.script(Api.ANTHROPIC, WORK, Script.always(Reply.usageLimit(reset)));
        api.script(Api.ANTHROPIC, PERSONAL, (conversation, number) -> conversation.turn() == 0
                ? Reply.writeFile(target(conversation), "by personal\n") : Reply.text("Done."));
        Cli.addFileTask(state, "T1");
        CliProcess first = worker("w1", Map.of("WVO_HOST_ID", "host-a"), "--agent", "claude");
        assertThat(first.exitCode(Duration.ofMinutes(2))).as(first.stderr() + first.stdout()).isZero();
        assertThat(Cli.json(state, "limits", "--json").get(0).get("by").asText()).isEqualTo("w1");

        List<String> ids = List.of("T2", "T3", "T4", "T5");
        ids.forEach(id -> Cli.addFileTask(state, id));
        CliProcess a = worker("w1", Map.of("WVO_HOST_ID", "host-a"), "--agent", "claude");
        CliProcess b = worker("w2", Map.of("WVO_HOST_ID", "host-b"), "--agent", "claude");
        assertThat(a.exitCode(Duration.ofMinutes(3))).as(a.stderr() + a.stdout()).isZero();
        assertThat(b.exitCode(Duration.ofMinutes(3))).as(b.stderr() + b.stdout()).isZero();

        assertThat(api.mainLoopRequests(Api.ANTHROPIC)).filteredOn(r -> WORK.equals(r.credential()))
                .as("claude:work, limited on host-a, is asked by no worker of either host again").hasSize(1);
        for (String id : ids) {
            assertThat(work.resolve("out/" + id + ".txt")).hasContent("by personal");
            assertThat(JSON.readTree(state.resolve("artifacts/" + id + "/1/attempt.json").toFile()).get("hops")
                    .findValuesAsText("account")).as(id).containsExactly("claude:personal");
        }
        List<String> claims = Files.readAllLines(state.resolve("events.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"claim\"")).toList();
        assertThat(claims).as("each task claimed once").hasSize(5);
        assertThat(claims).anyMatch(l -> l.contains("\"worker\":\"w2\""));
    }

    @Test
    void parkAtUtilization_stopsAnAccountNearItsLimitEarly_andTheNextAccountFinishes() throws Exception {
        Files.writeString(state.resolve("config.yaml"), Files.readString(state.resolve("config.yaml"))
                + "backends:\n  claude: {park_at_utilization: 80%}\n");
        Instant reset = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        // the warning comes with the first reply; the next one comes late, so only the early stop can end the run soon
        api.script(Api.ANTHROPIC, WORK, Script.steps(Reply.runCommand("true").nearLimit(0.85, reset),
                Reply.text("Done.").after(Duration.ofSeconds(30))));
        api.script(Api.ANTHROPIC, PERSONAL, Script.steps(Reply.writeFile("out/T1.txt", "T1 by personal\n"),
                Reply.text("Done.")));
        Cli.addFileTask(state, "T1");

        CliProcess w = worker("w1", "--agent", "claude");
        assertThat(w.exitCode(Duration.ofMinutes(2))).as(w.stderr() + w.stdout()).isZero();

        assertThat(work.resolve("out/T1.txt")).hasContent("T1 by personal");
        JsonNode hops = JSON.readTree(state.resolve("artifacts/T1/1/attempt.json").toFile()).get("hops");
        assertThat(hops.findValuesAsText("account")).containsExactly("claude:work", "claude:personal");
        assertThat(hops.findValuesAsText("outcome")).containsExactly("rate_limited", "success");
        JsonNode workLine = Cli.json(state, "limits", "--json").get(0);
        assertThat(workLine.get("account").asText()).isEqualTo("claude:work");
        assertThat(Instant.parse(workLine.get("until").asText())).as("rests until its window resets").isEqualTo(reset);
        assertThat(workLine.get("reason").asText()).contains("parked early: 85% of the five_hour window used",
                "park_at_utilization 80%");
    }

    /** The task's file, as its title names it. */
    private static String target(Conversation conversation) {
        Matcher m = TARGET.matcher(conversation.userText());
        return m.find() ? m.group() : "out/unknown.txt";
    }

    /** {@code delay} from now, in whole seconds, as a service's reset is told. */
    private static Instant inWholeSeconds(Duration delay) {
        return Instant.now().plus(delay).truncatedTo(ChronoUnit.SECONDS);
    }

    private static Duration cpu(CliProcess process) {
        return ProcessHandle.of(process.pid()).flatMap(p -> p.info().totalCpuDuration())
                .orElseThrow(() -> new AssertionError("this system does not tell a process's CPU time"));
    }

    private CliProcess worker(String name, String... options) throws Exception {
        return worker(name, Map.of(), work, options);
    }

    private CliProcess worker(String name, Path workdir, String... options) throws Exception {
        return worker(name, Map.of("GIT_CONFIG_GLOBAL", "/dev/null", "GIT_CONFIG_NOSYSTEM", "1"), workdir, options);
    }

    private CliProcess worker(String name, Map<String, String> more, String... options) throws Exception {
        return worker(name, more, work, options);
    }

    private CliProcess worker(String name, Map<String, String> more, Path workdir, String... options) throws Exception {
        AgentEnvironment env = AgentEnvironment.in(dir, api).subscription();
        Map<String, String> variables = new HashMap<>(env.variables());
        variables.putAll(more);
        variables.put("WORK_TOKEN", WORK);
        variables.put("PERSONAL_TOKEN", PERSONAL);
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "--plugins", plugins.toString(), "worker",
                "--id", name, "--exit-when-idle", "--workdir", workdir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, variables, env.removed(), args.toArray(String[]::new));
    }
}
