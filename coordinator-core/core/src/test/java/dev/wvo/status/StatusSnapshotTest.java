package dev.wvo.status;

import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
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
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusSnapshotTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path state;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private FileLockManager locks;

    @BeforeEach
    void open() {
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void close() {
        locks.close();
    }

    private StatusSnapshot read() {
        return StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(state), "file", state.resolve("locks").toString()),
                locks, clock);
    }

    private void roadmap() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T-1
                    title: First
                    status: done
                  - id: T-2
                    title: Second
                    status: in_progress
                    claim:
                      worker: worker-1
                      claimed_at: '2026-11-22T09:58:00Z'
                      attempt: 2
                  - id: T-3
                    title: Third
                    status: pending
                    dependencies: [T-2]
                  - id: T-4
                    title: Fourth
                    status: pending
                  - title: no id
                """);
    }

    @Test
    void theTasksShownCloser_areFoundAmongAllWithoutEachTasksState() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: A
                    status: done
                    merge: queued
                  - id: B
                    status: done
                    merge: merged
                  - id: C
                    title: Needs a person
                    status: blocked
                    result: {outcome: failed, summary: refused, finished_at: '2026-11-22T09:00:00Z'}
                  - id: D
                    title: Retried
                    status: pending
                    attempts: 1
                    result: {outcome: failed, summary: timed out}
                  - id: E
                    status: pending
                    result: {outcome: done, summary: fine}
                  - id: F
                    status: review
                  - id: F
                    status: blocked
                  - id: G
                    dependencies: [A]
                """);

        StatusSnapshot.Tasks tasks = read().tasks();

        assertThat(tasks.counts()).containsExactly(Map.entry("pending", 3), Map.entry("in_progress", 0),
                Map.entry("done", 1), Map.entry(StatusSnapshot.WAITING_TO_LAND, 1), Map.entry("failed", 0),
                Map.entry("blocked", 2), Map.entry("review", 1));
        assertThat(tasks.total()).isEqualTo(8);
        assertThat(tasks.needsAttention()).extracting(n -> n.id()).containsExactly("C");
        assertThat(tasks.retrying()).containsExactly(new StatusSnapshot.Retrying("D", "Retried", 1, 3, "timed out", null));
        assertThat(tasks.all()).extracting(StatusSnapshot.TaskLine::id).containsExactly("A", "B", "C", "D", "E", "F", "F", "G");
        assertThat(tasks.task("G").orElseThrow().waitingFor()).isNotNull();
        assertThat(tasks.all().get(6).problems()).isNotEmpty();
    }

    @Test
    void emptyStateDirectory_readsAsNothing() {
        StatusSnapshot s = read();

        assertThat(s.tasks().present()).isFalse();
        assertThat(s.tasks().all()).isEmpty();
        assertThat(s.workers()).isEmpty();
        assertThat(s.locks()).isEmpty();
        assertThat(s.recentEvents()).isEmpty();
        assertThat(s.readAt()).isEqualTo(NOW);
    }

    @Test
    void roadmap_givesCountsPerStatus_andTheTasksInProgressWithTheirAge() throws IOException {
        roadmap();

        StatusSnapshot s = read();

        assertThat(s.tasks().counts()).containsExactly(Map.entry("pending", 2), Map.entry("in_progress", 1),
                Map.entry("done", 1), Map.entry("failed", 0), Map.entry("blocked", 0));
        assertThat(s.tasks().total()).isEqualTo(4);
        assertThat(s.tasks().inProgress()).containsExactly(new StatusSnapshot.TaskInProgress("T-2", "Second", "worker-1",
                2, NOW.minus(Duration.ofMinutes(2)), Duration.ofMinutes(2), false, null));
        assertThat(s.tasks().task("T-3").orElseThrow().dependencies()).containsExactly("T-2");
        assertThat(s.tasks().warnings()).isEqualTo(1);
    }

    @Test
    void workers_areAliveOnlyWhilePresenceIsHeld() {
        WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
        registry.write(new WorkerRecord("worker-1", 1, "host", "shell", NOW, NOW, WorkerStatus.IDLE,
                null, null, null, null, List.of()));
        registry.write(new WorkerRecord("worker-2", 2, "host", "shell", NOW, NOW, WorkerStatus.IDLE,
                null, null, null, null, List.of()));
        try (LockHandle presence = new WorkerPresence(locks).register("worker-1").orElseThrow()) {
            StatusSnapshot s = read();

            assertThat(s.workers()).extracting(StatusSnapshot.WorkerLine::id, StatusSnapshot.WorkerLine::alive)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("worker-1", true),
                            org.assertj.core.groups.Tuple.tuple("worker-2", false));
            assertThat(s.locks()).extracting(LockInfo::resource).contains(WorkerPresence.resourceOf("worker-1"));
        }
    }

    @Test
    void locks_showModeAndHolders() {
        try (LockHandle shared = locks.tryAcquire("src/a", LockMode.SHARED).orElseThrow()) {
            StatusSnapshot s = read();

            LockInfo line = s.locks().stream().filter(l -> l.resource().equals("src/a")).findFirst().orElseThrow();
            assertThat(line.mode()).isEqualTo(LockMode.SHARED);
            assertThat(line.holders()).hasSize(1);
            assertThat(line.isStale()).isFalse();
        }
    }

    @Test
    void events_keepTheLastOnes_andEveryConflict() {
        EventLog log = new EventLog(state.resolve("events.jsonl"));
        log.append(Event.of(clock, EventType.CONFLICT, "worker-1", "T-1", 1, Map.of("path", "a.txt")));
        for (int i = 0; i < StatusSnapshot.RECENT_EVENTS + 5; i++) {
            log.append(Event.of(clock, EventType.CLAIM, "worker-1", "T-" + i, 1, Map.of()));
        }

        StatusSnapshot s = read();

        assertThat(s.recentEvents()).hasSize(StatusSnapshot.RECENT_EVENTS);
        assertThat(s.recentEvents().get(StatusSnapshot.RECENT_EVENTS - 1).task()).isEqualTo("T-24");
        assertThat(s.conflicts().artifacts()).singleElement().extracting(Event::task).isEqualTo("T-1");
    }

    @Test
    void rateLimits_areTheActiveOnes() {
        RateLimitBoard board = new RateLimitBoard(state, locks, clock);
        board.mark("claude", NOW.plusSeconds(600), "worker-1", "429");
        board.mark("codex", NOW.plusSeconds(1), "worker-1", "429"); // kept for the minimum cool-down

        StatusSnapshot s = StatusSnapshot.read(new StatusSnapshot.Source(new StateDir(state), "file", ""), locks,
                Clock.offset(clock, RateLimitBoard.MIN_COOL_DOWN.plusSeconds(1)));

        assertThat(s.rateLimits()).extracting(RateLimitBoard.Limit::backend).containsExactly("claude");
    }

    @Test
    void aTaskInAPipeline_showsItsStageAndPlace() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T-9
                    title: Staged
                    status: in_progress
                    claim: {worker: worker-1, claimed_at: '2026-11-22T09:58:00Z', attempt: 1}
                    stage: write_tests
                    stages: {implement: {outcome: done}, write_tests: pending, run_tests_fix: pending, document: pending}
                """);
        StatusSnapshot s = read();

        assertThat(s.tasks().inProgress()).singleElement().extracting(StatusSnapshot.TaskInProgress::stage)
                .isEqualTo("write_tests 2/4");
    }

    /** A queue entry file as MergeQueueStore writes it. */
    private void queueEntry(String id, String task, int priority, String enqueuedAt, String status,
                            String conflictPaths, String failureTail) throws IOException {
        Files.createDirectories(state.resolve("merge-queue"));
        Files.writeString(state.resolve("merge-queue/" + id + ".json"), """
                {"id": "%s", "taskId": "%s", "branch": "wvo/w1/%s", "priority": %d, "enqueuedAt": "%s",
                 "status": "%s", "conflictPaths": %s, "failureTail": %s, "mergedCommit": null}
                """.formatted(id, task, task, priority, enqueuedAt, status, conflictPaths, failureTail));
    }

    @Test
    void mergeQueue_inQueueOrder_withAges_conflictPaths_andTheFirstLineOfATestFailure() throws IOException {
        queueEntry("1-a", "T-1", 0, "2026-11-22T09:50:00Z", "QUEUED", "[]", "null");
        queueEntry("2-b", "T-2", 5, "2026-11-22T09:55:00Z", "CONFLICT", "[\"src/App.java\", \"README.md\"]", "null");
        queueEntry("3-c", "T-3", 0, "2026-11-22T09:40:00Z", "TEST_FAILED", "[]",
                "\"\\n  FAILED AppTest.adds\\nexpected 3 but was 4\\n\"");
        queueEntry("4-d", "T-4", 0, "2026-11-22T09:30:00Z", "MERGED", "[]", "null");

        StatusSnapshot s = read();

        assertThat(s.mergeQueue()).extracting(StatusSnapshot.QueueLine::task)
                .containsExactly("T-2", "T-4", "T-3", "T-1");
        StatusSnapshot.QueueLine conflict = s.mergeQueue().get(0);
        assertThat(conflict.branch()).isEqualTo("wvo/w1/T-2");
        assertThat(conflict.status()).isEqualTo("CONFLICT");
        assertThat(conflict.conflictPaths()).containsExactly("src/App.java", "README.md");
        assertThat(conflict.age()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.mergeQueue().get(2).failure()).isEqualTo("FAILED AppTest.adds");
        assertThat(s.conflicts().mergeQueue()).extracting(StatusSnapshot.QueueLine::task).containsExactly("T-2", "T-3");
    }

    @Test
    void mergeQueue_anUnreadableEntry_isListedLast_withoutHidingTheOthers() throws IOException {
        queueEntry("1-a", "T-1", 0, "2026-11-22T09:50:00Z", "QUEUED", "[]", "null");
        Files.writeString(state.resolve("merge-queue/0-broken.json"), "{ not json");

        StatusSnapshot s = read();

        assertThat(s.mergeQueue()).extracting(StatusSnapshot.QueueLine::id, StatusSnapshot.QueueLine::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1-a", "QUEUED"),
                        org.assertj.core.groups.Tuple.tuple("0-broken", StatusSnapshot.QueueLine.UNREADABLE));
        assertThat(s.mergeQueue().get(1).failure()).contains("0-broken.json", "fix or delete the file");
        assertThat(s.conflicts().mergeQueue()).extracting(StatusSnapshot.QueueLine::id).containsExactly("0-broken");
    }

    @Test
    void roadmapConflicts_areThoseOfTheConflictsList() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: T-1
                    title: First
                    status: done
                conflicts:
                  - task: T-1
                    field: status
                    ours: done
                    theirs: failed
                """);

        StatusSnapshot s = read();

        assertThat(s.conflicts().roadmap()).singleElement().satisfies(c -> {
            assertThat(c.task()).isEqualTo("T-1");
            assertThat(c.field()).isEqualTo("status");
            assertThat(c.ours()).isEqualTo("done");
            assertThat(c.theirs()).isEqualTo("failed");
        });
    }

    @Test
    void noQueueAndNoConflictsList_readAsEmpty() throws IOException {
        roadmap();

        StatusSnapshot s = read();

        assertThat(s.mergeQueue()).isEmpty();
        assertThat(s.conflicts().roadmap()).isEmpty();
    }
}
