package dev.wvo.worker;

import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.config.Config;
import dev.wvo.events.Event;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.schedule.InMemoryBoard;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.OutputSink;
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
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import static dev.wvo.schedule.InMemoryBoard.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's accounts on the in-memory roadmap with a scripted backend that tells its accounts
 * apart by the environment wvo gives each run: the next account of the same backend before the
 * next backend, parking when every account is limited (the task given back, the session resumed
 * at the reset), the return to the primary account after its reset, the pool-wide "all limited".
 */
class AccountsWorkerTest {

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

    /** One run as the scripted backend saw it. */
    record Run(String task, String home, String session, String prompt) {
    }

    /** A backend whose answer depends on the run: its account's {@code AGENT_HOME}, and how many runs came before. */
    static final class Scripted implements AgentBackend {
        final String name;
        final List<Run> runs = new CopyOnWriteArrayList<>();
        final BiFunction<Run, Integer, AgentOutcome> answer;

        Scripted(String name, BiFunction<Run, Integer, AgentOutcome> answer) {
            this.name = name;
            this.answer = answer;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Availability availability() {
            return Availability.yes("scripted");
        }

        @Override
        public AgentOutcome run(AgentRun run, OutputSink output) {
            Run seen = new Run(run.task().id(), run.environment().get("AGENT_HOME"), run.resumeSession(), run.prompt());
            int before = runs.size();
            runs.add(seen);
            output.line("run " + before + " of " + seen.task() + " in " + seen.home());
            AgentOutcome outcome = answer.apply(seen, before);
            return outcome.status() == AgentOutcome.Status.SUCCESS
                    ? outcome.withChangedFiles(List.of("out/" + seen.task())) : outcome;
        }
    }

    private void config(String yaml) throws Exception {
        Files.writeString(state.resolve("config.yaml"), yaml);
    }

    private WorkerSettings settings(List<String> agents, boolean exitWhenIdle) {
        return new WorkerSettings(null, agents, null, List.of(), List.of(), true, 0, exitWhenIdle, Duration.ofMinutes(1),
                Duration.ofMinutes(1), Duration.ofSeconds(30), state, Map.of());
    }

    private Worker worker(InMemoryBoard board, WorkerSettings settings, AgentBackend... backends) {
        Map<String, AgentBackend> byName = new HashMap<>();
        for (AgentBackend b : backends) {
            byName.put(b.name(), b);
        }
        return new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                .roadmap(board.loggingTo(dev.wvo.events.EventLog.in(state)))
                .plugins(name -> Optional.ofNullable(byName.get(name)), name -> Optional.empty())
                .config(Config.read(state.resolve("config.yaml"))).context(new WorkerTest.NoContext())
                .terminal(terminal::add).build());
    }

    private static final String TWO_ACCOUNTS = """
            accounts:
              - {name: a, backend: agent, env: {AGENT_HOME: /homes/a}}
              - {name: b, backend: agent, env: {AGENT_HOME: /homes/b}}
            """;

    @Test
    void aLimitedAccount_handsOverToTheNextAccountOfItsBackend_beforeTheNextBackend() throws Exception {
        config(TWO_ACCOUNTS);
        Instant reset = Instant.now().plus(Duration.ofHours(2));
        Scripted agent = new Scripted("agent", (run, n) -> run.home().equals("/homes/a")
                ? AgentOutcome.rateLimited("You've hit your limit", reset).withUsage(new Usage("m", 5, 1, 0, 0, 0.01))
                : AgentOutcome.success(0, "done on b").withUsage(new Usage("m", 7, 2, 0, 0, 0.02)));
        Scripted other = new Scripted("other", (run, n) -> AgentOutcome.success(0, "done by other"));
        InMemoryBoard board = new InMemoryBoard(List.of(task("t1", 0, List.of(), List.of("x"), false, 0)));

        worker(board, settings(List.of("agent", "other"), true), agent, other).run();

        assertThat(board.get("t1").status()).isEqualTo("done");
        assertThat(agent.runs).extracting(Run::home).containsExactly("/homes/a", "/homes/b");
        assertThat(other.runs).as("the next backend waits until every account of the first is limited").isEmpty();
        RateLimitBoard limits = new RateLimitBoard(state, locks, Clock.systemUTC());
        assertThat(limits.active()).singleElement().satisfies(l -> {
            assertThat(l.account()).isEqualTo("agent:a");
            assertThat(l.until()).isEqualTo(reset);
        });
        AttemptRecord record = AttemptRecord.readFrom(new StateDir(state).attempt("t1", 1)).orElseThrow();
        assertThat(record.hops()).extracting(HopRecord::account).containsExactly("agent:a", "agent:b");
        assertThat(record.agent()).isEqualTo("agent:b");
        assertThat(CostLedger.read(state)).extracting(UsageRecord::account).containsExactly("agent:a", "agent:b");
        assertThat(terminal).anyMatch(l -> l.contains("agent:a is rate-limited") && l.contains("t1 goes on with agent:b"));
    }

    @Test
    void everyAccountLimited_parksTheWorker_andAtTheResetTheSameSessionGoesOn_withoutSpendingAnAttempt() throws Exception {
        config(TWO_ACCOUNTS + "limits: {min_cool_down: 0s, wake_jitter: 0s}\n");
        Instant reset = Instant.now().plus(Duration.ofSeconds(3));
        Scripted agent = new Scripted("agent", (run, n) -> switch (n) {
            case 0 -> AgentOutcome.rateLimited("You've hit your session limit", reset).withSession("session-a");
            case 1 -> AgentOutcome.rateLimited("You've hit your session limit", reset.plusSeconds(60)).withSession("session-b");
            default -> AgentOutcome.success(0, "finished after the reset").withSession(run.session());
        });
        InMemoryBoard board = new InMemoryBoard(List.of(task("t1", 0, List.of(), List.of("x"), false, 0)));
        Worker w = worker(board, settings(List.of("agent"), true), agent);

        Thread running = new Thread(w::run);
        running.start();
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.list().stream()
                .anyMatch(r -> r.status() == WorkerStatus.PARKED));
        WorkerRecord parked = registry.list().get(0);
        assertThat(parked.detail()).isEqualTo("parked until " + ClockTime.of(reset) + " (agent:a resets first)");
        assertThat(board.get("t1").status()).as("given back while parked").isEqualTo("pending");
        assertThat(board.get("t1").attempts()).as("no attempt spent").isZero();
        running.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(running.isAlive()).isFalse();

        assertThat(board.get("t1").status()).isEqualTo("done");
        assertThat(board.get("t1").attempts()).isEqualTo(1);
        assertThat(agent.runs).extracting(Run::home).containsExactly("/homes/a", "/homes/b", "/homes/a");
        Run resumed = agent.runs.get(2);
        assertThat(resumed.session()).as("account a's session goes on where its limit stopped it").isEqualTo("session-a");
        assertThat(resumed.prompt()).startsWith("Your account's usage limit stopped you");
        assertThat(agent.runs.get(1).session()).as("another account starts afresh").isNull();
        List<Event> parks = EventReader.in(state).readAll().events().stream().filter(e -> e.is(EventType.PARK)).toList();
        assertThat(parks).singleElement().satisfies(e -> {
            assertThat(e.details()).containsEntry("account", "agent:a").containsEntry("until", reset.toString());
        });
        assertThat(terminal).anyMatch(l -> l.contains("parked until") && l.contains("(agent:a resets first)")
                && l.contains("; t1 went back without spending an attempt"));
        AttemptRecord record = AttemptRecord.readFrom(new StateDir(state).attempt("t1", 1)).orElseThrow();
        assertThat(record.hops()).extracting(HopRecord::number, HopRecord::account).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, "agent:a"), org.assertj.core.groups.Tuple.tuple(2, "agent:b"),
                org.assertj.core.groups.Tuple.tuple(3, "agent:a"));
    }

    @Test
    void afterThePrimarysReset_theNextTaskGoesBackToThePrimary() throws Exception {
        config(TWO_ACCOUNTS + "limits: {min_cool_down: 0s}\n");
        Instant reset = Instant.now().plus(Duration.ofSeconds(2));
        CountDownLatch resetPassed = new CountDownLatch(1);
        Scripted agent = new Scripted("agent", (run, n) -> {
            if (n == 0) {
                return AgentOutcome.rateLimited("You've hit your session limit", reset);
            }
            if (run.home().equals("/homes/b")) {
                try {
                    assertThat(resetPassed.await(30, TimeUnit.SECONDS)).isTrue(); // b works on t1 past a's reset
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return AgentOutcome.success(0, "done");
        });
        InMemoryBoard board = new InMemoryBoard(List.of(task("t1", 0, List.of(), List.of("x"), false, 0),
                task("t2", 0, List.of("t1"), List.of("y"), false, 1)));
        Thread running = new Thread(worker(board, settings(List.of("agent"), true), agent)::run);
        running.start();
        RateLimitBoard limits = new RateLimitBoard(state, locks, Clock.systemUTC());
        await().atMost(Duration.ofSeconds(20)).until(() -> agent.runs.size() == 2); // b has taken t1 over
        await().atMost(Duration.ofSeconds(20)).until(() -> limits.limitOf("agent:a").isEmpty());
        resetPassed.countDown();
        running.join(TimeUnit.SECONDS.toMillis(20));

        assertThat(board.get("t2").status()).isEqualTo("done");
        assertThat(agent.runs).extracting(r -> r.task() + " " + r.home())
                .containsExactly("t1 /homes/a", "t1 /homes/b", "t2 /homes/a");
    }

    @Test
    void whenEveryLiveWorkerIsLimited_thePoolsAllLimitedEvent_isWrittenOnce() throws Exception {
        config(TWO_ACCOUNTS);
        Instant early = Instant.now().plus(Duration.ofHours(1));
        RateLimitBoard limits = new RateLimitBoard(state, locks, Clock.systemUTC());
        limits.mark("agent:a", early, "someone", "You've hit your session limit");
        limits.mark("agent:b", early.plusSeconds(600), "someone", "You've hit your weekly limit");
        Scripted agent = new Scripted("agent", (run, n) -> AgentOutcome.success(0, "never"));
        InMemoryBoard board = new InMemoryBoard(List.of(task("t1", 0, List.of(), List.of("x"), false, 0)));
        List<Worker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (String agents : List.of("agent", "agent:b")) {
            Worker w = worker(board, settings(List.of(agents), false), agent);
            workers.add(w);
            Thread t = new Thread(w::run);
            threads.add(t);
            t.start();
            // one after the other: the pool the second one sees holds the first
            await().atMost(Duration.ofSeconds(10)).until(() -> EventReader.in(state).readAll().events().stream()
                    .filter(e -> e.is(EventType.PARK)).count() == workers.size());
        }
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        await().atMost(Duration.ofSeconds(10)).until(() -> registry.list().size() == 2
                && registry.list().stream().allMatch(r -> r.status() == WorkerStatus.PARKED));
        workers.forEach(Worker::requestStop);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }

        List<Event> all = EventReader.in(state).readAll().events().stream().filter(e -> e.is(EventType.ALL_LIMITED)).toList();
        assertThat(all).singleElement().satisfies(e -> assertThat(e.details()).containsEntry("until", early.toString())
                .containsEntry("account", "agent:a"));
        assertThat(registry.list()).isEmpty();
        assertThat(agent.runs).isEmpty();
        assertThat(terminal).filteredOn(l -> l.contains("parked until")).as("they parked before claiming: nothing went back")
                .hasSize(2).noneMatch(l -> l.contains("went back"));
    }

    @Test
    void anAccountAtItsDailyBudget_restsUntilMidnight_andTheWorkerGoesOnWithTheNextAccount() throws Exception {
        config(TWO_ACCOUNTS + "budget: {account_per_day: 1000 tokens}\n");
        Scripted agent = new Scripted("agent", (run, n) -> AgentOutcome.success(0, "done")
                .withUsage(new Usage("m", 1200, 300, 0, 0, null)));
        InMemoryBoard board = new InMemoryBoard(List.of(task("t1", 0, List.of(), List.of("x"), false, 0),
                task("t2", 0, List.of(), List.of("y"), false, 1)));

        worker(board, settings(List.of("agent"), true), agent).run();

        assertThat(board.get("t1").status()).isEqualTo("done");
        assertThat(board.get("t2").status()).isEqualTo("done");
        assertThat(agent.runs).extracting(Run::home).as("a spent its day's budget on t1; t2 goes to b")
                .containsExactly("/homes/a", "/homes/b");
        RateLimitBoard limits = new RateLimitBoard(state, locks, Clock.systemUTC());
        Instant midnight = LocalDate.now().plusDays(1).atStartOfDay(ZoneId.systemDefault()).toInstant();
        assertThat(limits.limitOf("agent:a")).hasValueSatisfying(l -> {
            assertThat(l.until()).isEqualTo(midnight);
            assertThat(l.reason()).startsWith("budget: the budget of account agent:a for today is reached: 1500 of 1000 tokens");
        });
        List<Event> budget = EventReader.in(state).readAll().events().stream().filter(e -> e.is(EventType.BUDGET)).toList();
        assertThat(budget).as("once per account and day, though the worker checked before each claim").hasSize(2)
                .extracting(e -> e.details().get("subject")).containsExactly("agent:a", "agent:b");
        assertThat(budget.get(0).details()).containsEntry("scope", "account_per_day")
                .containsEntry("action", "parked until midnight");
    }

    @Test
    void aWorkerAtItsRunBudget_takesNoMoreTasks_andSaysWhy() throws Exception {
        config("budget: {run: $0.05}\n");
        Scripted agent = new Scripted("agent", (run, n) -> AgentOutcome.success(0, "done")
                .withUsage(new Usage("m", 10, 1, 0, 0, 0.06)));
        InMemoryBoard board = new InMemoryBoard(List.of(task("t1", 0, List.of(), List.of("x"), false, 0),
                task("t2", 0, List.of(), List.of("y"), false, 1)));

        worker(board, settings(List.of("agent"), false), agent).run();

        assertThat(board.get("t1").status()).isEqualTo("done");
        assertThat(board.get("t2").status()).as("no task after the run's budget").isEqualTo("pending");
        assertThat(terminal).anyMatch(l -> l.contains("the budget of the run of worker1 is reached: $0.06 of $0.05")
                && l.contains("takes no more tasks"));
        assertThat(EventReader.in(state).readAll().events()).filteredOn(e -> e.is(EventType.BUDGET)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("scope", "run").containsEntry("action", "stopped"));
    }
}
