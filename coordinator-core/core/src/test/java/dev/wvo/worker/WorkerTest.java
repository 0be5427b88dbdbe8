package dev.wvo.worker;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.config.Config;
import dev.wvo.fs.StateDir;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.lock.FileLockManager;
import dev.wvo.schedule.InMemoryBoard;
import dev.wvo.schedule.TaskState;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;
import dev.wvo.spi.TaskView;
import dev.wvo.spi.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import static dev.wvo.schedule.InMemoryBoard.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker loop on an in-memory roadmap with scripted backends; real processes are tested from the CLI. */
class WorkerTest {

    @TempDir
    Path state;
    private FileLockManager locks;
    private final List<String> terminal = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    /** A backend that answers from a script: a function of the task. */
    record Scripted(String name, Function<TaskView, AgentOutcome> answer) implements AgentBackend {
        @Override
        public Availability availability() {
            return Availability.yes("scripted");
        }

        @Override
        public AgentOutcome run(AgentRun run, OutputSink output) {
            output.line("working on " + run.task().id() + " with token -");
            AgentOutcome outcome = answer.apply(run.task());
            // as an agent that did its task reports the file it wrote
            return outcome.status() == AgentOutcome.Status.SUCCESS && outcome.changedFiles().isEmpty()
                    ? outcome.withChangedFiles(List.of("out/" + run.task().id())) : outcome;
        }
    }

    private WorkerSettings settingsWithMaxTasks(List<String> agents, int maxTasks) {
        return new WorkerSettings(null, agents, null, List.of(), List.of(), true, maxTasks, true, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofMillis(200), state, Map.of());
    }

    private WorkerSettings settings(List<String> agents, boolean exitWhenIdle) {
        return new WorkerSettings(null, agents, null, List.of(), List.of(), true, 0, exitWhenIdle, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofMillis(200), state, Map.of());
    }

    private Worker worker(InMemoryBoard board, WorkerSettings settings, AgentBackend... backends) {
        return worker(board, settings, terminal::add, backends);
    }

    private Worker worker(InMemoryBoard board, WorkerSettings settings, Consumer<String> lines, AgentBackend... backends) {
        Map<String, AgentBackend> byName = new java.util.HashMap<>();
        for (AgentBackend b : backends) {
            byName.put(b.name(), b);
        }
        return new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                .roadmap(board.loggingTo(EventLog.in(state)))
                .plugins(name -> Optional.ofNullable(byName.get(name)), name -> Optional.empty())
                .config(Config.read(state.resolve("config.yaml"))).context(new NoContext()).terminal(lines)
                .build());
    }

    /**
     * A worker of {@code agent} that asks itself to stop, on its own thread, when it says that task
     * {@code soon}'s first attempt starts: right after the claim. With {@code interruptLost}, that
     * stop's interrupt is then cleared, as JGit clears it.
     */
    private Worker stoppingRightAfterTheClaim(InMemoryBoard board, AgentBackend agent, boolean interruptLost) {
        AtomicReference<Worker> self = new AtomicReference<>();
        Worker w = worker(board, settings(List.of(agent.name()), false), line -> {
            terminal.add(line);
            if (line.contains("soon attempt 1 with")) {
                self.get().requestStop();
                if (interruptLost) {
                    Thread.interrupted();
                }
            }
        }, agent);
        self.set(w);
        return w;
    }

    /** An agent that runs until it is interrupted, as a backend waiting for its process tree; counts {@code started} down. */
    private static AgentBackend blockingAgent(CountDownLatch started) {
        return new AgentBackend() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Availability availability() {
                return Availability.yes("");
            }

            @Override
            public AgentOutcome run(AgentRun run, OutputSink output) throws InterruptedException {
                started.countDown();
                new CountDownLatch(1).await();
                return AgentOutcome.success(0, "never");
            }
        };
    }

    static final class NoContext implements ContextNotes {
        final List<String> finished = new CopyOnWriteArrayList<>();

        @Override
        public List<String> relevantTo(TaskView task) {
            return List.of("- note for " + task.id());
        }

        @Override
        public void taskFinished(TaskView task, String worker, String outcome, String summary) {
            finished.add(task.id() + " " + outcome);
        }
    }

    @Test
    void runsEveryTaskInDependencyOrder_thenExitsWhenIdle() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("a", 0, List.of(), List.of("x"), false, 0),
                task("b", 0, List.of("a"), List.of("y"), false, 1)));
        List<String> order = new CopyOnWriteArrayList<>();
        Worker w = worker(board, settings(List.of("fake"), true),
                new Scripted("fake", t -> { order.add(t.id()); return AgentOutcome.success(0, "ok " + t.id()); }));
        w.run();
        assertThat(order).containsExactly("a", "b");
        assertThat(board.get("a").status()).isEqualTo("done");
        assertThat(board.get("b").status()).isEqualTo("done");
        assertThat(w.tasksRun()).isEqualTo(2);
        assertThat(terminal).contains("[a] working on a with token -");
        Path artifacts = new StateDir(state).attempt("a", 1).directory();
        assertThat(Files.readString(artifacts.resolve("prompt.txt"))).contains("Your task is a: title a", "- note for a");
        assertThat(Files.readAllLines(artifacts.resolve("output.log"))).containsExactly("working on a with token -");
        assertThat(EventReader.in(state).readAll().events()).extracting(e -> e.type() + " " + e.task())
                .as("the first worker to find nothing left says the run finished")
                .containsExactly("claim a", "complete a", "claim b", "complete b", "run-finished null");
        assertThat(new WorkerRegistry(state.resolve("workers")).list()).as("a stopped worker removes its file").isEmpty();
    }

    @Test
    void rateLimitedBackend_fallsBackAndMarksTheBoard() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("a", 0, List.of(), List.of("x"), false, 0)));
        Instant until = Instant.now().plus(Duration.ofHours(1));
        Worker w = worker(board, settings(List.of("limited", "spare"), true),
                new Scripted("limited", t -> AgentOutcome.rateLimited("You've hit your limit", until)),
                new Scripted("spare", t -> AgentOutcome.success(0, "done by spare")));
        w.run();
        assertThat(board.get("a").status()).isEqualTo("done");
        assertThat(board.get("a").attempts()).as("the limited try spent no attempt").isEqualTo(1);
        RateLimitBoard limits = new RateLimitBoard(state, locks, Clock.systemUTC());
        assertThat(limits.limitedUntil("limited")).contains(until);
        assertThat(limits.firstAvailable(List.of(Account.defaultOf("limited"), Account.defaultOf("spare"))))
                .map(Account::id).contains("spare");
    }

    @Test
    void aLimitedHop_keepsItsOwnArtifactsAndRecord_andTheAttemptCountsAsOneFinishedTask() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("a", 0, List.of(), List.of("x"), false, 0),
                task("b", 0, List.of(), List.of("y"), false, 1)));
        Worker w = worker(board, settingsWithMaxTasks(List.of("limited", "spare"), 1),
                new Scripted("limited", t -> AgentOutcome.rateLimited("429", null)
                        .withUsage(new Usage("m1", 10, 1, 0, 0, 0.01))),
                new Scripted("spare", t -> AgentOutcome.success(0, "done by spare")
                        .withUsage(new Usage("m2", 20, 2, 5, 0, null))));
        w.run();
        assertThat(board.get("a").status()).isEqualTo("done");
        assertThat(board.get("b").status()).as("--max-tasks 1 counts the finished task, not the hop").isEqualTo("pending");
        assertThat(w.tasksRun()).isEqualTo(1);
        Path artifacts = new StateDir(state).attempt("a", 1).directory();
        assertThat(Files.readAllLines(artifacts.resolve("output.log"))).containsExactly("working on a with token -");
        assertThat(artifacts.resolve("hop-2-spare").resolve("output.log")).exists();
        AttemptRecord record = AttemptRecord.readFrom(new StateDir.AttemptDir(artifacts)).orElseThrow();
        assertThat(record.agent()).isEqualTo("spare");
        assertThat(record.hops()).extracting(HopRecord::number, HopRecord::backend, HopRecord::outcome, HopRecord::artifacts)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "limited", "rate_limited", ""),
                        org.assertj.core.groups.Tuple.tuple(2, "spare", "success", "hop-2-spare"));
        assertThat(record.usage()).isEqualTo(new Usage("m1+m2", 30, 3, 5, 0, 0.01));
        assertThat(dev.wvo.accounts.CostLedger.read(state)).extracting(r -> r.backend() + " " + r.hop() + " " + r.task())
                .containsExactly("limited 1 a", "spare 2 a");
        assertThat(terminal).anyMatch(l -> l.contains("limited is rate-limited") && l.contains("a goes on with spare"));
    }

    @Test
    void aSuccessThatChangedNothing_isNotDone_unlessTheTaskOnlyReadsOrSaysSo() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("writes", 0, List.of(), List.of("x"), false, 0),
                task("reads", 0, List.of(), List.of(), true, 1)));
        Worker w = worker(board, settings(List.of("idle"), true), new AgentBackend() {
            @Override
            public String name() {
                return "idle";
            }

            @Override
            public Availability availability() {
                return Availability.yes("");
            }

            @Override
            public AgentOutcome run(AgentRun run, OutputSink output) {
                return AgentOutcome.success(0, "All done.");
            }
        });
        w.run();
        assertThat(board.get("reads").status()).isEqualTo("done");
        TaskState writes = board.get("writes");
        assertThat(writes.status()).as("one retry (no_changes: max 1), then a person").isEqualTo("blocked");
        assertThat(writes.view().extra().get("reactions")).isEqualTo(Map.of("no_changes", 2));
        AttemptRecord first = AttemptRecord.readFrom(new StateDir(state).attempt("writes", 1)).orElseThrow();
        assertThat(first.outcome()).isEqualTo("no_changes");
        assertThat(first.summary()).startsWith("the agent reported success but changed no file");
        assertThat(EventReader.in(state).readAll().events()).filteredOn(e -> e.is(EventType.FAIL))
                .allSatisfy(e -> assertThat(e.details()).containsEntry("outcome", "no_changes"));

        Files.writeString(state.resolve("config.yaml"), "expect_changes: false\n");
        InMemoryBoard relaxed = new InMemoryBoard(List.of(task("writes", 0, List.of(), List.of("x"), false, 0)));
        worker(relaxed, settings(List.of("fake"), true), new Scripted("fake", t -> AgentOutcome.success(0, "ok"))).run();
        assertThat(relaxed.get("writes").status()).isEqualTo("done");
    }

    @Test
    void failures_retryUntilMaxAttemptsThenTheTaskIsBlockedForAPerson() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("flaky", 0, List.of(), List.of("x"), false, 0)));
        Worker w = worker(board, settings(List.of("fake"), true), new Scripted("fake", t -> AgentOutcome.failure(1, "boom")));
        w.run();
        assertThat(board.get("flaky").status()).isEqualTo("blocked");
        assertThat(board.get("flaky").attempts()).isEqualTo(3);
        assertThat(board.get("flaky").view().extra().get("reactions")).isEqualTo(Map.of("failed", 3));
        assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"type\":\"needs-attention\"")
                .contains("failed 3 times and all 3 of its attempts (max_attempts) are used");
    }

    @Test
    void stalledAttempts_restartUpToTheirMaxThenTheTaskIsBlockedNamingTheTrigger() throws Exception {
        TaskState flaky = task("quiet", 0, List.of(), List.of("x"), false, 0);
        InMemoryBoard board = new InMemoryBoard(List.of(new TaskState(flaky.view(), 0, 10, null, List.of(), 0)));
        Files.writeString(state.resolve("config.yaml"), "reactions:\n  stalled: {action: retry, max: 1}\n");
        Worker w = worker(board, settings(List.of("fake"), true), new Scripted("fake", t -> AgentOutcome.failure(null, "")
                .as(AgentOutcome.Status.STALLED, "no output for 1s")));
        w.run();
        TaskState after = board.get("quiet");
        assertThat(after.status()).isEqualTo("blocked");
        assertThat(after.attempts()).as("one restart, then blocked: far below max_attempts").isEqualTo(2);
        assertThat(after.view().extra().get("reactions")).isEqualTo(Map.of("stalled", 2));
        assertThat(EventReader.in(state).readAll().events()).filteredOn(e -> e.is(EventType.NEEDS_ATTENTION))
                .singleElement().satisfies(e -> {
                    assertThat(e.details()).containsEntry("trigger", "stalled").containsEntry("count", 2);
                    assertThat(String.valueOf(e.details().get("summary")))
                            .contains("stalled 2 times, more than reactions.stalled.max (1) allows")
                            .contains("wvo task reset quiet");
                });
    }

    @Test
    void stopRequest_givesTheRunningTaskBackWithoutSpendingAnAttempt() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("long", 0, List.of(), List.of("x"), false, 0)));
        CountDownLatch started = new CountDownLatch(1);
        Worker w = worker(board, settings(List.of("slow"), false), blockingAgent(started));
        Thread t = new Thread(w::run);
        t.start();
        started.await();
        w.requestStop();
        t.join(10_000);
        assertThat(t.isAlive()).isFalse();
        assertThat(board.get("long").status()).isEqualTo("pending");
        assertThat(board.get("long").attempts()).isZero();
        assertThat(EventReader.in(state).readAll().events()).anyMatch(e -> e.is(EventType.COMPLETE)
                && "returned".equals(e.details().get("outcome")));
    }

    /**
     * A stop that comes right after the claim, while the attempt writes its record: the interrupt
     * closes the file channel of that write (ClosedByInterruptException), and the task must still go
     * back without spending the attempt, not stay in progress behind a worker that is gone.
     */
    @Test
    void stopRequest_rightAfterTheClaim_givesTheTaskBack() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("soon", 0, List.of(), List.of("x"), false, 0)));
        // the stop on the worker's own thread: the attempt starts interrupted
        Worker w = stoppingRightAfterTheClaim(board, new Scripted("fake", t -> AgentOutcome.success(0, "ran")), false);

        w.run();

        assertThat(board.get("soon").status()).isEqualTo("pending");
        assertThat(board.get("soon").attempts()).isZero();
        assertThat(terminal).anyMatch(l -> l.contains("soon given back (worker stopping)"));
    }

    /**
     * The same stop, its interrupt lost before the agent starts: JGit's first look at a file system
     * in a JVM (the attempt opens its work tree's repository to record its base) clears a pending
     * interrupt. The agent must not start: started through {@code ./wvo} in a git work tree, such a
     * worker ran its agent until the stop's 30 s grace ended the JVM with the task still claimed
     * (the start-up benchmark, which stops its workers right after their claim, seemed to hang).
     */
    @Test
    void stopRequest_whoseInterruptIsLostBeforeTheAgentStarts_startsNoAgent() throws Exception {
        InMemoryBoard board = new InMemoryBoard(List.of(task("soon", 0, List.of(), List.of("x"), false, 0)));
        CountDownLatch agentStarted = new CountDownLatch(1);
        Worker w = stoppingRightAfterTheClaim(board, blockingAgent(agentStarted), true);
        Thread t = new Thread(w::run);
        t.start();
        t.join(20_000);
        boolean hung = t.isAlive();
        if (hung) {
            t.interrupt(); // a second interrupt ends the agent that this failure is about
            t.join(20_000);
        }

        assertThat(hung).as("the worker waits for an agent started after the stop").isFalse();
        assertThat(agentStarted.getCount()).as("no agent started after the stop").isEqualTo(1);
        assertThat(board.get("soon").status()).isEqualTo("pending");
        assertThat(board.get("soon").attempts()).isZero();
        assertThat(terminal).anyMatch(l -> l.contains("soon given back (worker stopping)"));
    }

    @Test
    void pauseAndStopRequests_areObeyed() {
        InMemoryBoard board = new InMemoryBoard(List.of(task("a", 0, List.of(), List.of("x"), false, 0)));
        Worker w = worker(board, settings(List.of("fake"), false), new Scripted("fake", t -> AgentOutcome.success(0, "ok")));
        WorkerControl control = new WorkerControl(new StateDir(state));
        control.request(WorkerControl.ALL, WorkerControl.Request.PAUSE);
        Thread t = new Thread(w::run);
        t.start();
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.list().stream().anyMatch(r -> r.status() == WorkerStatus.PAUSED));
        assertThat(board.get("a").status()).as("paused workers claim nothing").isEqualTo("pending");
        control.request(WorkerControl.ALL, WorkerControl.Request.RUN);
        await().atMost(Duration.ofSeconds(20)).until(() -> "done".equals(board.get("a").status()));
        control.request("worker1", WorkerControl.Request.STOP);
        await().atMost(Duration.ofSeconds(20)).until(() -> !t.isAlive());
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void secretsInTheEnvironment_neverReachOutputEventsOrTheRoadmapResult() throws Exception {
        String secret = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().matches("(?i).*(KEY|TOKEN|SECRET|PASSWORD).*") && e.getValue().length() >= 6)
                .map(java.util.Map.Entry::getValue).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(secret != null, "no secret-looking variable in this environment");
        InMemoryBoard board = new InMemoryBoard(List.of(task("leaky", 0, List.of(), List.of("x"), false, 0)));
        Worker w = worker(board, settings(List.of("fake"), true), new AgentBackend() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public Availability availability() {
                return Availability.yes("");
            }

            @Override
            public AgentOutcome run(AgentRun run, OutputSink output) {
                output.line("token is " + secret);
                return AgentOutcome.success(0, "used " + secret);
            }
        });
        w.run();
        assertThat(Files.readString(new StateDir(state).attempt("leaky", 1).directory().resolve("output.log"))).doesNotContain(secret).contains("***");
        assertThat(Files.readString(state.resolve("events.jsonl"))).doesNotContain(secret);
        assertThat(String.join("\n", terminal)).doesNotContain(secret);
    }

    /** A backend whose executable is not installed here. */
    record Missing(String name) implements AgentBackend {
        @Override
        public Availability availability() {
            return Availability.no("`" + name + "` is not on the PATH");
        }

        @Override
        public AgentOutcome run(AgentRun run, OutputSink output) {
            throw new AssertionError("an unavailable backend must not be run");
        }
    }

    @Test
    void unavailableBackends_areSkippedWithANote_andNoneAvailableRefusesToStart() {
        InMemoryBoard board = new InMemoryBoard(List.of(task("a", 0, List.of(), List.of("x"), false, 0)));
        Worker w = worker(board, settings(List.of("claude", "shellish"), true), new Missing("claude"),
                new Scripted("shellish", t -> AgentOutcome.success(0, "ok")));
        w.run();
        assertThat(board.get("a").status()).isEqualTo("done");
        assertThat(board.get("a").attempts()).isEqualTo(1);
        assertThat(terminal).anyMatch(l -> l.contains("not available here, skipped: claude"));

        Worker none = worker(board, settings(List.of("claude"), true), new Missing("claude"));
        org.assertj.core.api.Assertions.assertThatThrownBy(none::run)
                .hasMessageContaining("No account of claude can run here").hasMessageContaining("not on the PATH");
    }
}
