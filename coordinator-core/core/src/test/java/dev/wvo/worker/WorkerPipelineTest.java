package dev.wvo.worker;

import dev.wvo.fs.StateDir;
import dev.wvo.config.Config;
import dev.wvo.lock.FileLockManager;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
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
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Pipelines through the worker on a real roadmap file, with in-process backends that record each run. */
class WorkerPipelineTest {

    private static final String CONFIG = """
            stages:
              implement:
                prompt: "Implement {{task.id}} ({{task.title}}), stage {{stage.number}}/{{stage.count}}"
              write_tests:
                prompt: |
                  Test {{task.id}}. Earlier stages reported:
                  {{previous}}
                agent: second
              run_tests:
                command: make test
              document: {}
            pipelines:
              full: [implement, write_tests, run_tests, document]
              solo: [implement]
            """;

    @TempDir
    Path state;
    private FileLockManager locks;
    /** Every run: backend name, task id, stage, command. */
    private final List<String> runs = new CopyOnWriteArrayList<>();
    private final List<String> terminal = new CopyOnWriteArrayList<>();
    /** The outcome each stage gets; success unless set. */
    private final Map<String, Answer> answers = new HashMap<>();

    /** What a stage's run does, in place of an agent. */
    interface Answer {
        AgentOutcome of(AgentRun run) throws InterruptedException;
    }

    @BeforeEach
    void setUp() throws Exception {
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
        Files.writeString(state.resolve("config.yaml"), CONFIG);
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    private AgentBackend recording(String name) {
        return new FakeAgent(name, (run, output) -> {
            String stage = run.environment().getOrDefault("WVO_STAGE", "-");
            runs.add(name + " " + run.task().id() + " " + stage + (run.task().command() == null ? "" : " $ " + run.task().command()));
            output.line(name + " ran " + stage);
            return answers.getOrDefault(stage, r -> AgentOutcome.success(0, stage + " ok")
                    .withChangedFiles(List.of("out/" + stage))).of(run);
        });
    }

    private void runWorker() {
        worker().run();
    }

    private Worker worker() {
        return worker(new WorkerTest.NoContext());
    }

    private Worker worker(ContextNotes context) {
        Map<String, AgentBackend> byName = Map.of("first", recording("first"), "second", recording("second"),
                "shell", recording("shell"));
        WorkerSettings settings = new WorkerSettings(null, List.of("first"), null, List.of(), List.of(), true, 0, true,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(100), state, Map.of());
        return new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                .plugins(n -> Optional.ofNullable(byName.get(n)), n -> Optional.empty())
                .config(Config.read(state.resolve("config.yaml"))).context(context)
                .terminal(terminal::add).build());
    }

    private RoadmapTask task(String id) {
        Roadmap roadmap = RoadmapReader.read(state.resolve("roadmap.yaml"));
        return roadmap.task(id).orElseThrow();
    }

    @Test
    void stagesRunInOrder_eachWithItsBackend_andTheTaskIsDoneAfterTheLast() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T1
                    title: Login
                    # the four stages of config.yaml
                    pipeline: full
                """);
        runWorker();

        assertThat(runs).containsExactly("first T1 implement", "second T1 write_tests", "shell T1 run_tests $ make test",
                "first T1 document");
        RoadmapTask t = task("T1");
        assertThat(t.status()).isEqualTo("done");
        assertThat(t.fields()).containsEntry("stage", "document");
        Map<?, ?> stages = (Map<?, ?>) t.fields().get("stages");
        assertThat(stages.keySet().stream().map(String::valueOf)).containsExactly("implement", "write_tests", "run_tests", "document");
        assertThat(stages.get("write_tests").toString()).contains("outcome=done", "agent=second", "summary=write_tests ok");
        assertThat(t.fields().get("result").toString()).contains("all 4 stages done; last: document ok");
        assertThat(RoadmapReader.read(state.resolve("roadmap.yaml")).text()).contains("    # the four stages of config.yaml\n    pipeline: full\n");

        Path attempt = new StateDir(state).attempt("T1", 1).directory();
        assertThat(Files.readString(attempt.resolve("1-implement/prompt.txt"))).isEqualTo("Implement T1 (Login), stage 1/4"
                + "\nShared context (from state/context.md):\n- note for T1\n");
        assertThat(Files.readString(attempt.resolve("2-write_tests/prompt.txt")))
                .isEqualTo("Test T1. Earlier stages reported:\n- implement (done): implement ok\n"
                        + "\nShared context (from state/context.md):\n- note for T1\n");
        assertThat(Files.readString(attempt.resolve("4-document/prompt.txt")))
                .contains("Your task is T1: Login", "This is stage 4 of 4: document.", "- run_tests (done): run_tests ok");
        assertThat(Files.readString(attempt.resolve("3-run_tests/output.log"))).isEqualTo("shell ran run_tests\n");
        assertThat(attempt.resolve("attempt.json")).exists();
        assertThat(Files.readString(state.resolve("events.jsonl")).lines().filter(l -> l.contains("\"type\":\"stage\"")))
                .hasSize(4);
    }

    @Test
    void aStageTemplateWithoutContext_stillGetsTheReadonlyRule_andTheSharedContext() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T1
                    title: Survey
                    readonly: true
                    pipeline: solo
                """);
        answers.put("implement", r -> AgentOutcome.success(0, "looked"));
        worker(new ContextNotes() {
            @Override
            public List<String> relevantTo(TaskView task) {
                return List.of("- build with make");
            }

            @Override
            public void taskFinished(TaskView task, String worker, String outcome, String summary) {
            }
        }).run();

        String prompt = Files.readString(new StateDir(state).attempt("T1", 1).directory().resolve("1-implement/prompt.txt"));
        assertThat(prompt).startsWith("Implement T1 (Survey), stage 1/1")
                .contains("This task only reads", "do not modify, create or delete any file",
                        "Shared context (from state/context.md):\n- build with make");
    }

    @Test
    void configsDefaultPipeline_appliesToATaskThatNamesNone() throws Exception {
        Files.writeString(state.resolve("config.yaml"), CONFIG + "pipeline: solo\n");
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: A
                    title: Plain
                """);
        runWorker();

        assertThat(runs).containsExactly("first A implement");
        assertThat(task("A").fields()).containsEntry("status", "done");
    }

    @Test
    void aFailingStage_failsTheAttempt_andTheNextAttemptResumesThere() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T1
                    title: Login
                    pipeline: [implement, run_tests, document]
                """);
        int[] testRuns = {0};
        answers.put("run_tests", r -> ++testRuns[0] == 1 ? AgentOutcome.failure(1, "exit 1: 2 tests failed")
                : AgentOutcome.success(0, "green"));
        runWorker();

        assertThat(runs).containsExactly("first T1 implement", "shell T1 run_tests $ make test",
                "shell T1 run_tests $ make test", "first T1 document");
        RoadmapTask t = task("T1");
        assertThat(t.status()).isEqualTo("done");
        assertThat(t.attempts()).isEqualTo(2);
        assertThat(Files.readString(new StateDir(state).attempt("T1", 2).directory().resolve("2-run_tests/prompt.txt")))
                .contains("Earlier stages reported:\n- implement (done): implement ok");
        assertThat(new StateDir(state).attempt("T1", 2).directory().resolve("1-implement")).doesNotExist();
        assertThat(terminal).anyMatch(l -> l.contains("T1 pending (at stage run_tests 2/3: exit 1: 2 tests failed)"));
    }

    @Test
    void anUnknownStage_blocksTheTaskWithTheRoadmapLine_andRunsNothing() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: ok
                    title: Fine
                  - id: T2
                    title: Typo
                    pipeline: [implement, write_docs]
                """);
        runWorker();

        assertThat(runs).containsExactly("first ok -");
        RoadmapTask t = task("T2");
        assertThat(t.status()).isEqualTo("blocked");
        // the line where T2 stood when it was claimed, after ok's fields were written above it
        assertThat(t.fields().get("result").toString())
                .contains(state.resolve("roadmap.yaml") + ":" + t.line() + ": its `pipeline:` names stage 'write_docs'");
        assertThat(t.fields()).doesNotContainKey("stage");
    }

    @Test
    void theRoadmapsDefaultPipeline_appliesUnlessATaskSaysNone() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                pipeline: [implement, document]
                tasks:
                  - id: A
                    title: Staged
                  - id: B
                    title: Plain
                    pipeline: none
                    dependencies: [A]
                """);
        runWorker();

        assertThat(runs).containsExactly("first A implement", "first A document", "first B -");
        assertThat(task("B").fields()).doesNotContainKey("stage");
        assertThat(new StateDir(state).attempt("B", 1).directory().resolve("prompt.txt")).exists();
        assertThat(new StateDir(state).attempt("B", 1).directory().resolve("output.log")).hasContent("first ran -");
    }

    @Test
    void aTaskReclaimedFromADeadWorker_resumesAtTheStageItWasIn() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T1
                    title: Login
                    pipeline: [implement, run_tests, document]
                    status: in_progress
                    claim:
                      worker: ghost
                      claimed_at: "2026-11-22T00:00:00Z"
                      attempt: 1
                    stage: run_tests
                    stages:
                      implement: {outcome: done, attempt: 1, summary: wrote it}
                      run_tests: pending
                      document: pending
                """);
        runWorker();

        assertThat(terminal).anyMatch(l -> l.contains("took back T1 from dead worker ghost"));
        assertThat(runs).containsExactly("shell T1 run_tests $ make test", "first T1 document");
        RoadmapTask t = task("T1");
        assertThat(t.status()).isEqualTo("done");
        assertThat(t.attempts()).isEqualTo(2);
        assertThat(t.fields().get("stages").toString()).contains("implement={outcome=done, attempt=1, summary=wrote it}");
    }

    @Test
    void aStopRequestDuringAStage_givesTheTaskBackAtThatStage_withoutSpendingAnAttempt() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T1
                    title: Login
                    pipeline: [implement, run_tests, document]
                """);
        CountDownLatch testsStarted = new CountDownLatch(1);
        answers.put("run_tests", r -> {
            testsStarted.countDown();
            new CountDownLatch(1).await(); // until the stop request interrupts the run
            return AgentOutcome.success(0, "unreachable");
        });
        Worker worker = worker();
        Thread running = new Thread(worker::run);
        running.start();
        assertThat(testsStarted.await(30, TimeUnit.SECONDS)).isTrue();
        worker.requestStop();
        running.join(30_000);

        assertThat(running.isAlive()).isFalse();
        RoadmapTask t = task("T1");
        assertThat(t.status()).isEqualTo("pending");
        assertThat(t.attempts()).isZero();
        assertThat(t.fields()).containsEntry("stage", "run_tests");
        assertThat(t.fields().get("stages").toString()).contains("implement={outcome=done", "run_tests=pending");
    }
}
