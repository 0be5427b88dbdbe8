package dev.wvo.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.config.Config;
import dev.wvo.config.ConflictStrategy;
import dev.wvo.config.WorktreeMode;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.events.Event;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.git.TestRepositories;
import dev.wvo.lock.FileLockManager;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notifications of the pool-wide conditions, delivered by two real workers (in threads, on a
 * real roadmap, event log and git repository under real file locks) that both follow the log, to
 * a recording hook command ({@code notify.commands}) that keeps each notification it is given in
 * a file of its own: a dead worker's task taken back, a branch the merge queue cannot land, and
 * the run's end each arrive exactly once; all agents limited arrives once, and when the condition
 * flaps (the first reset moving again and again) the quiet time holds the rest back, which the
 * next notification sent counts, or without a quiet time the hourly cap does.
 */
class NotificationDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private Path repo;
    private Path state;
    private Path hook;
    private FileLockManager locks;
    private final List<String> terminal = new CopyOnWriteArrayList<>();

    /** What the agent writes in its working directory, by task id. */
    private final Map<String, String> writes = Map.of("D", "d.txt", "M", "bad.txt", "T", "t.txt");

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        state = Files.createDirectories(tmp.resolve("state"));
        hook = Files.createDirectories(tmp.resolve("hook"));
        TestRepositories.init(repo, Map.of("README.md", "hello\n"));
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    /** config.yaml: the recording hook, every kind notified, and {@code more}. */
    private void config(String more) throws IOException {
        Files.writeString(state.resolve("config.yaml"), """
                notify:
                  commands:
                    - [sh, -c, 'cat > "$(mktemp %s/n.XXXXXX)"']
                """.formatted(hook) + more);
    }

    /** An agent that writes its task's file and succeeds. */
    private final AgentBackend agent = new FakeAgent("fake", (run, output) -> {
        Files.writeString(run.workingDirectory().resolve(writes.get(run.task().id())), run.task().id() + "\n");
        return AgentOutcome.success(0, "wrote " + writes.get(run.task().id()));
    });

    /** A worker in worktrees whose merges must pass a test that refuses {@code bad.txt}, a person deciding. */
    private Worker worker(String id) {
        WorkerSettings settings = new WorkerSettings(id, List.of("fake"), null, List.of(), List.of(), true, 0, true,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(30), repo, Map.of());
        WorktreeSettings worktrees = new WorktreeSettings(WorktreeMode.ALWAYS, Optional.empty(), Optional.empty(),
                Optional.of(List.of("sh", "-c", "test ! -e bad.txt")), WorktreeSettings.DEFAULT_TEST_TIMEOUT,
                ConflictStrategy.ESCALATE, false);
        return new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                .plugins(n -> Optional.of(agent), n -> Optional.empty())
                .config(Config.read(state.resolve("config.yaml"))).worktrees(worktrees, repo)
                .context(new WorkerTest.NoContext()).terminal(terminal::add).build());
    }

    private List<Thread> start(Worker... workers) {
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            Thread t = new Thread(w::run, "worker");
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private void join(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(1));
        }
        assertThat(threads).as(String.join("\n", terminal)).noneMatch(Thread::isAlive);
    }

    /** What the hook was given, one notification per file. */
    private List<JsonNode> delivered() throws IOException {
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(hook)) {
            for (Path f : files.sorted().toList()) {
                all.add(JSON.readTree(f.toFile()));
            }
        }
        return all;
    }

    private List<String> kinds() throws IOException {
        return delivered().stream().map(n -> n.get("kind").asText()).toList();
    }

    /** The one notification of that kind the hook was given. */
    private JsonNode deliveredOf(String kind) throws IOException {
        return delivered().stream().filter(n -> n.get("kind").asText().equals(kind)).findFirst().orElseThrow();
    }

    private List<Event> events(EventType type) {
        return EventReader.in(state).read(EventFilter.ALL.withTypes(type)).events();
    }

    @Test
    void aDeadWorkersTask_aStuckMerge_andTheRunsEnd_eachArriveOnce_thoughTwoWorkersFollowTheLog() throws Exception {
        config("");
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: D
                    title: the task a dead worker held
                    owns: [d.txt]
                    status: in_progress
                    claim: {worker: ghost, claimed_at: "2026-12-05T10:00:00Z", attempt: 1}
                  - id: M
                    title: a change the merge test refuses
                    owns: [bad.txt]
                """);

        join(start(worker("w1"), worker("w2")));

        assertThat(events(EventType.RECLAIM)).hasSize(1);
        assertThat(events(EventType.MERGE_CONFLICT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("kind", "test_failed").containsEntry("status", "blocked"));
        assertThat(events(EventType.RUN_FINISHED)).hasSize(1);
        assertThat(kinds()).as(String.join("\n", terminal))
                .containsExactlyInAnyOrder("worker-died", "merge-stuck", "needs-attention", "run-finished");
        assertThat(deliveredOf("worker-died").get("title").asText()).isEqualTo("wvo: worker ghost died");
        assertThat(deliveredOf("worker-died").get("event").get("task").asText()).isEqualTo("D");
        assertThat(deliveredOf("merge-stuck").get("title").asText()).isEqualTo("wvo: the merge queue is stuck on M");
        assertThat(deliveredOf("merge-stuck").get("text").asText()).contains("test_failed", "wvo merge-queue list");
        assertThat(deliveredOf("run-finished").get("text").asText()).isEqualTo("2 tasks: 1 blocked, 1 done");
        assertThat(delivered()).allSatisfy(n -> assertThat(n.get("held_back").asInt()).isZero());
    }

    /**
     * Two workers park on accounts all limited; the first reset then moves three times, each time a
     * new "all agents limited until T"; then the limits are lifted, T is done and the run ends.
     *
     * @param notify more settings of {@code notify:}
     * @return the first reset
     */
    private Instant flappingAllLimited(String notify) throws Exception {
        config(notify + """
                accounts:
                  - {name: a, backend: fake, env: {FAKE_HOME: /homes/a}}
                  - {name: b, backend: fake, env: {FAKE_HOME: /homes/b}}
                """);
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T
                    title: a task for after the limits
                    owns: [t.txt]
                """);
        RateLimitBoard board = new RateLimitBoard(state, locks, Clock.systemUTC());
        Instant reset = Instant.now().plus(Duration.ofHours(1));
        board.mark("fake:b", reset.plus(Duration.ofHours(1)), "someone", "weekly limit");
        board.mark("fake:a", reset, "someone", "session limit");

        List<Thread> workers = start(worker("w1"), worker("w2"));
        WorkerRegistry registry = new WorkerRegistry(new StateDir(state).workers());
        await().atMost(Duration.ofSeconds(20)).until(() -> events(EventType.ALL_LIMITED).size() == 1
                && registry.list().size() == 2 && registry.list().stream().allMatch(r -> r.status() == WorkerStatus.PARKED));
        for (int flap = 1; flap <= 3; flap++) {
            board.mark("fake:a", reset.plus(Duration.ofMinutes(flap)), "someone", "session limit");
            int expected = 1 + flap;
            await().atMost(Duration.ofSeconds(20)).until(() -> events(EventType.ALL_LIMITED).size() == expected);
        }
        board.clear("fake");
        join(workers);
        assertThat(events(EventType.ALL_LIMITED)).as("the condition flapped").hasSize(4);
        assertThat(events(EventType.RUN_FINISHED)).hasSize(1);
        return reset;
    }

    @Test
    void allAgentsLimited_arrivesOnce_andWhileItFlapsTheQuietTimeHoldsTheRestBack_whichTheNextNotificationCounts()
            throws Exception {
        Instant reset = flappingAllLimited("");

        assertThat(kinds()).as(String.join("\n", terminal)).containsExactlyInAnyOrder("all-limited", "run-finished");
        JsonNode limited = deliveredOf("all-limited");
        assertThat(limited.get("title").asText()).isEqualTo("wvo: all agents are limited until " + ClockTime.of(reset));
        assertThat(limited.get("text").asText()).contains("fake:a resets first", "session limit");
        JsonNode finished = deliveredOf("run-finished");
        assertThat(finished.get("held_back").asInt()).as("the three flaps held back").isEqualTo(3);
        assertThat(finished.get("text").asText()).contains("3 more notifications were held back by the rate cap");
    }

    @Test
    void withoutAQuietTime_theHourlyCapStopsTheFlood() throws Exception {
        flappingAllLimited("""
                  quiet: 0s
                  max_per_hour: 2
                """);

        assertThat(kinds()).as("of five notifications in the hour, two go out").containsExactly("all-limited",
                "all-limited");
        assertThat(delivered()).extracting(n -> n.get("held_back").asInt()).containsExactly(0, 0);
    }
}
