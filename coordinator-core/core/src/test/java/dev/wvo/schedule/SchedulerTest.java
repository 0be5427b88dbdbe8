package dev.wvo.schedule;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.ProcessRef;
import dev.wvo.spi.WorkerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.wvo.schedule.InMemoryBoard.task;
import static org.assertj.core.api.Assertions.assertThat;

class SchedulerTest {

    @TempDir
    Path dir;

    private FileLockManager locks;
    private Scheduler scheduler;
    private final Map<String, LockHandle> presence = new java.util.HashMap<>();

    @BeforeEach
    void setUp() {
        locks = FileLockManager.builder(dir.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    private InMemoryBoard board(TaskState... tasks) {
        InMemoryBoard board = new InMemoryBoard(List.of(tasks));
        scheduler = new Scheduler(board, locks, Clock.systemUTC());
        return board;
    }

    private static WorkerOptions options(String worker) {
        return new WorkerOptions(worker, List.of(), List.of(), true, Map.of());
    }

    /** Claims as a live worker: the worker holds its presence lock, as a running worker does. */
    private ClaimedTask claim(String worker) {
        LockHandle held = presence.computeIfAbsent(worker, w -> new WorkerPresence(locks).register(w).orElseThrow());
        return scheduler.claimNext(held, null, options(worker)).claimed().orElse(null);
    }

    @Test
    void claimNext_prefersPriorityThenUnblockingThenFileOrder() {
        board(task("low", 0, List.of(), List.of("a"), false, 0),
                task("leaf", 5, List.of(), List.of("b"), false, 1),
                task("root", 5, List.of(), List.of("c"), false, 2),
                task("child", 0, List.of("root"), List.of("d"), false, 3));
        assertThat(claim("w1").task().id()).isEqualTo("root");
        assertThat(claim("w2").task().id()).isEqualTo("leaf");
        assertThat(claim("w3").task().id()).isEqualTo("low");
        assertThat(claim("w4")).as("child waits for root").isNull();
    }

    @Test
    void claimNext_neverRunsTasksWithProblems() {
        TaskState broken = new TaskState(task("bad", 9, List.of(), List.of("x"), false, 0).view(), 0, 3, null,
                List.of("duplicate id bad (line 12)"), 0);
        board(broken);
        assertThat(claim("w1")).isNull();
    }

    @Test
    void claimNext_overlappingOwnershipWaits_readonlyShares() {
        board(task("writeSrc", 0, List.of(), List.of("src/**"), false, 0),
                task("writeApp", 0, List.of(), List.of("src/app/Login.tsx"), false, 1),
                task("docs", 0, List.of(), List.of("docs"), false, 2));
        assertThat(claim("w1").task().id()).isEqualTo("writeSrc");
        assertThat(claim("w2").task().id()).as("src/app overlaps src/**").isEqualTo("docs");
        assertThat(claim("w3")).isNull();
    }

    @Test
    void claimNext_emptyOwnershipIsTheWholeWorkspace() {
        board(task("everything", 0, List.of(), List.of(), false, 0),
                task("one-file", 0, List.of(), List.of("README.md"), false, 1));
        ClaimedTask first = claim("w1");
        assertThat(first.task().id()).isEqualTo("everything");
        assertThat(claim("w2")).isNull();
        scheduler.complete(first, AttemptEnd.of(Completion.DONE, "ok"));
        assertThat(claim("w2").task().id()).isEqualTo("one-file");
    }

    @Test
    void readonlyTasks_runTogether() {
        board(task("verify1", 0, List.of(), List.of("src"), true, 0),
                task("verify2", 0, List.of(), List.of("src"), true, 1));
        assertThat(claim("w1")).isNotNull();
        assertThat(claim("w2")).isNotNull();
    }

    @Test
    void aReadonlyTaskOfTheWholeWorkspace_runsBesideWritersOfNamedPaths_butNotBesideAWholeWorkspaceWriter() {
        board(task("writeSrc", 0, List.of(), List.of("src"), false, 0),
                task("review", 0, List.of(), List.of(), true, 1),
                task("rewriteAll", 0, List.of(), List.of(), false, 2),
                task("verifySrc", 0, List.of(), List.of("src"), true, 3));
        ClaimedTask writer = claim("w1");
        assertThat(writer.task().id()).isEqualTo("writeSrc");
        assertThat(claim("w2").task().id()).as("reads the whole workspace beside a writer of src").isEqualTo("review");
        assertThat(claim("w3")).as("rewriteAll needs the whole workspace; verifySrc reads what writeSrc holds").isNull();
        assertThat(locks.inspect()).extracting(info -> info.resource() + "=" + info.mode())
                .contains(OwnershipClaim.WHOLE_WORKSPACE + "=SHARED");
    }

    @Test
    void deadWorkersClaim_isReclaimedWithAnAttemptCounted() {
        InMemoryBoard board = board(task("t1", 0, List.of(), List.of("a"), false, 0));
        // worker "ghost" registered by a process that has since died
        try (FileLockManager ghostProcess = FileLockManager.builder(dir.resolve("locks"))
                .process(new ProcessRef(HostIdentity.current(), 999_999_999L, Instant.EPOCH))
                .liveness((pid, started) -> pid != 999_999_999L)
                .releaseOnShutdown(false).heartbeatInterval(Duration.ZERO).build()) {
            LockHandle ghost = new WorkerPresence(ghostProcess).register("ghost").orElseThrow();
            assertThat(ghost.isValid()).isTrue();
            ClaimedTask claimed = scheduler.claimNext(ghost, null, options("ghost")).claimed().orElseThrow();
            claimed.close();
        }
        FileLockManager observer = FileLockManager.builder(dir.resolve("locks"))
                .liveness((pid, started) -> pid != 999_999_999L).releaseOnShutdown(false).build();
        try (observer) {
            Scheduler judge = new Scheduler(board, observer, Clock.systemUTC());
            List<Reclaimed> reclaimed = judge.reclaim("test");
            assertThat(reclaimed).containsExactly(new Reclaimed("t1", "ghost", 1, "pending"));
            assertThat(board.get("t1").attempts()).isEqualTo(1);
            assertThat(board.get("t1").status()).isEqualTo("pending");
        }
    }

    /** Issue 21, defect 2: a live worker under the dead one's id kept the dead one's claim alive for ever. */
    @Test
    void aWorkerRestartedUnderADeadWorkersId_takesTheDeadOnesClaimBack() {
        InMemoryBoard board = board(task("t1", 0, List.of(), List.of("a"), false, 0));
        try (FileLockManager ghostProcess = FileLockManager.builder(dir.resolve("locks"))
                .process(new ProcessRef(HostIdentity.current(), 999_999_999L, Instant.EPOCH))
                .liveness((pid, started) -> pid != 999_999_999L)
                .releaseOnShutdown(false).heartbeatInterval(Duration.ZERO).build()) {
            LockHandle dead = new WorkerPresence(ghostProcess).register("w1").orElseThrow();
            scheduler.claimNext(dead, null, options("w1")).claimed().orElseThrow().close();
        }
        try (FileLockManager restarted = FileLockManager.builder(dir.resolve("locks"))
                .liveness((pid, started) -> pid != 999_999_999L).releaseOnShutdown(false).build()) {
            LockHandle again = new WorkerPresence(restarted).register("w1").orElseThrow();
            Scheduler.ClaimResult result = new Scheduler(board, restarted, Clock.systemUTC())
                    .claimNext(again, null, options("w1"));

            assertThat(result.reclaimed()).containsExactly(new Reclaimed("t1", "w1", 1, "pending"));
            ClaimedTask claimed = result.claimed().orElseThrow();
            assertThat(claimed.claim().attempt()).isEqualTo(2);
            assertThat(claimed.claim().presence()).isEqualTo(again.token());
            assertThat(new Scheduler(board, restarted, Clock.systemUTC()).reclaim("test"))
                    .as("the new claim is the live one").isEmpty();
        }
    }

    @Test
    void lateCompletion_afterReclaim_isRejectedAndChangesNothing() {
        InMemoryBoard board = board(task("t1", 0, List.of(), List.of("a"), false, 0));
        ClaimedTask stale = claim("w1");
        // w1 is presumed dead: its claim is taken back and w2 claims attempt 2
        board.update(b -> {
            b.finish("t1", "pending", 1, new TaskBoard.Result("reclaimed", Instant.now(), "", List.of()));
            return null;
        });
        stale.close();
        ClaimedTask fresh = claim("w2");
        assertThat(fresh.claim().attempt()).isEqualTo(2);
        Scheduler.CompletionResult late = scheduler.complete(stale, AttemptEnd.of(Completion.DONE, "late"));
        assertThat(late.accepted()).isFalse();
        assertThat(late.reason()).contains("no longer holds the task");
        assertThat(board.get("t1").status()).isEqualTo("in_progress");
        assertThat(board.get("t1").claim().worker()).isEqualTo("w2");
    }

    @Test
    void failedAttempts_retryUntilMaxThenFail() {
        InMemoryBoard board = board(task("flaky", 0, List.of(), List.of("a"), false, 0));
        Set<Integer> attempts = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            ClaimedTask c = claim("w1");
            attempts.add(c.claim().attempt());
            scheduler.complete(c, AttemptEnd.of(Completion.FAILED, "boom"));
        }
        assertThat(attempts).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(board.get("flaky").status()).isEqualTo("failed");
        assertThat(claim("w1")).isNull();
    }

    @Test
    void returnedTask_doesNotSpendAnAttempt() {
        InMemoryBoard board = board(task("t", 0, List.of(), List.of("a"), false, 0));
        scheduler.complete(claim("w1"), AttemptEnd.of(Completion.RETURNED, "shutting down"));
        assertThat(board.get("t").attempts()).isZero();
        assertThat(claim("w2").claim().attempt()).isEqualTo(1);
    }

    @Test
    void whileClaimed_changesTheTaskOnlyWhileTheClaimHolds_andReclaimKeepsWhatItRecorded() {
        InMemoryBoard board = board(task("a", 0, List.of(), List.of("x"), false, 0));
        ClaimedTask claimed = claim("w1");
        assertThat(scheduler.whileClaimed(claimed, (b, t) -> {
            b.record("a", Map.of("stage", "write_tests"));
            return t.claim().attempt();
        })).contains(1);
        assertThat(board.get("a").view().extra()).containsEntry("stage", "write_tests");

        presence.remove("w1").release(); // the worker dies
        assertThat(scheduler.reclaim("test")).extracting(Reclaimed::taskId).containsExactly("a");
        assertThat(scheduler.whileClaimed(claimed, (b, t) -> {
            b.record("a", Map.of("stage", "document"));
            return true;
        })).as("a reclaimed worker changes nothing").isEmpty();
        assertThat(board.get("a").status()).isEqualTo("pending");
        assertThat(board.get("a").view().extra()).as("the next attempt resumes here").containsEntry("stage", "write_tests");
    }

    /** The store under the board, counting its transactions. */
    private static final class Counting implements TaskBoardStore {
        final InMemoryBoard board;
        int transactions;

        Counting(InMemoryBoard board) {
            this.board = board;
        }

        @Override
        public <T> T update(java.util.function.Function<TaskBoard, T> change) {
            transactions++;
            return board.update(change);
        }

        @Override
        public List<TaskState> tasks() {
            return board.tasks();
        }
    }

    @Test
    void aDoneCompletion_isOneTransaction_withItsMergeFieldsAndItsEvent() {
        InMemoryBoard board = board(task("a", 0, List.of(), List.of("x"), false, 0));
        ClaimedTask claimed = claim("w1");
        Counting store = new Counting(board);
        Scheduler.CompletionResult result = new Scheduler(store, locks, Clock.systemUTC()).complete(claimed,
                AttemptEnd.of(Completion.DONE, "did a").withMerge(MergeState.queued("wvo/w1/a"))
                        .withEventDetails(Map.of("agent", "fake")));

        assertThat(store.transactions).isOne();
        assertThat(result.accepted()).isTrue();
        assertThat(board.get("a").status()).isEqualTo("done");
        assertThat(MergeState.of(board.get("a"))).isEqualTo(MergeState.queued("wvo/w1/a"));
        assertThat(board.events).filteredOn(e -> e.is(dev.wvo.events.EventType.COMPLETE)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("agent", "fake").containsEntry("accepted", true)
                        .containsEntry("status", "done").containsEntry("summary", "did a"));
    }

    @Test
    void aFailedCompletion_thatTheRuleBlocks_isOneTransaction_withBothEvents() {
        InMemoryBoard board = board(task("a", 0, List.of(), List.of("x"), false, 0));
        ClaimedTask claimed = claim("w1");
        Counting store = new Counting(board);
        dev.wvo.events.Event attention = dev.wvo.events.Event.of(Clock.systemUTC(),
                dev.wvo.events.EventType.NEEDS_ATTENTION, "w1", "a", 1, Map.of());
        FailureRule blocks = (b, t, summary) -> {
            b.record(t.id(), Map.of("reactions", Map.of("failed", 1)));
            return java.util.Optional.of(new FailureRule.Block("needs attention: " + summary, attention));
        };
        Scheduler.CompletionResult result = new Scheduler(store, locks, Clock.systemUTC()).complete(claimed,
                AttemptEnd.of(Completion.FAILED, "boom").onFailure(blocks));

        assertThat(store.transactions).isOne();
        assertThat(result.completion()).isEqualTo(Completion.BLOCKED);
        assertThat(board.get("a").status()).isEqualTo("blocked");
        assertThat(board.get("a").view().extra()).containsKey("reactions");
        assertThat(board.events).extracting(e -> e.type()).containsExactly("claim", "fail", "needs-attention");
        assertThat(board.events.get(1).details()).containsEntry("summary", "needs attention: boom");
    }

    @Test
    void aRefusedCompletion_changesNothing_andItsEventSaysWhy() {
        InMemoryBoard board = board(task("a", 0, List.of(), List.of("x"), false, 0));
        ClaimedTask claimed = claim("w1");
        board.update(b -> {
            b.finish("a", "pending", 1, new TaskBoard.Result("reclaimed", Instant.now(), "", List.of()));
            return null;
        });

        Scheduler.CompletionResult result = scheduler.complete(claimed,
                AttemptEnd.of(Completion.DONE, "late").withMerge(MergeState.queued("wvo/w1/a")));

        assertThat(result.accepted()).isFalse();
        assertThat(board.get("a").status()).isEqualTo("pending");
        assertThat(board.get("a").view().extra()).doesNotContainKeys("branch", "merge");
        assertThat(board.events).filteredOn(e -> e.is(dev.wvo.events.EventType.COMPLETE)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("accepted", false).containsKey("rejected"));
    }
}
