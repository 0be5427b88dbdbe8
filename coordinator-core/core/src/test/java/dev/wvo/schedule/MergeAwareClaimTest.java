package dev.wvo.schedule;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With worktrees: a dependency counts as done once merged, stacking on a queued branch, and isolated claims. */
class MergeAwareClaimTest {

    @TempDir
    Path dir;
    private FileLockManager locks;

    @BeforeEach
    void setUp() {
        locks = FileLockManager.builder(dir.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    private static TaskState done(String id, String merge) {
        TaskState t = InMemoryBoard.task(id, 0, List.of(), List.of(id), false, 0);
        Map<String, Object> extra = merge == null ? Map.of() : Map.of("branch", "wvo/w1/" + id, "merge", merge);
        return new TaskState(t.view().toBuilder().status("done").attempt(1).extra(extra).build(), 1, 3, null,
                List.of(), 0);
    }

    private static TaskState pending(String id, List<String> deps, List<String> owns, int order) {
        return InMemoryBoard.task(id, 0, deps, owns, false, order);
    }

    private ClaimedTask claim(InMemoryBoard board, String worker, ClaimRules rules) {
        LockHandle presence = new WorkerPresence(locks).register(worker).orElseThrow();
        return new Scheduler(board, locks, Clock.systemUTC())
                .claimNext(Claimant.of(presence).withRules(rules))
                .claimed().orElse(null);
    }

    @Test
    void aDoneButQueuedDependency_isNotDone_forPlainWorkers() {
        List<TaskState> tasks = List.of(done("A", "queued"), pending("B", List.of("A"), List.of("b"), 1));
        assertThat(new Runnability(tasks).blockerOf(tasks.get(1))).hasValueSatisfying(b -> {
            assertThat(b.kind()).isEqualTo(Blocker.Kind.DEPENDENCIES);
            assertThat(b.detail()).contains("A (done, merge queued)");
        });
        assertThat(claim(new InMemoryBoard(tasks), "w1", ClaimRules.PLAIN)).isNull();
    }

    @Test
    void mergedOrNeverQueuedDependencies_areDone() {
        for (String merge : new String[] {"merged", null}) {
            List<TaskState> tasks = List.of(done("A", merge), pending("B", List.of("A"), List.of("b"), 1));
            assertThat(new Runnability(tasks).blockerOf(tasks.get(1))).isEmpty();
        }
    }

    @Test
    void aWorktreeWorker_stacksOnTheOneQueuedDependency() {
        InMemoryBoard board = new InMemoryBoard(List.of(done("A", "queued"), pending("B", List.of("A"), List.of("b"), 1)));
        ClaimedTask b = claim(board, "w1", new ClaimRules(true, true));
        assertThat(b.task().id()).isEqualTo("B");
        assertThat(b.stackedOn()).isEqualTo("wvo/w1/A");
    }

    @Test
    void noStacking_onAConflictedDependency_orOnTwoQueuedOnes() {
        InMemoryBoard conflicted = new InMemoryBoard(List.of(done("A", "conflict"),
                pending("B", List.of("A"), List.of("b"), 1)));
        assertThat(claim(conflicted, "w1", new ClaimRules(true, true))).isNull();
        InMemoryBoard two = new InMemoryBoard(List.of(done("A", "queued"), done("C", "queued"),
                pending("B", List.of("A", "C"), List.of("b"), 2)));
        assertThat(claim(two, "w2", new ClaimRules(true, true))).isNull();
    }

    @Test
    void anOverlappingTask_isClaimedIsolated_withoutOwnershipLocks_onlyWhenAllowed() {
        InMemoryBoard board = new InMemoryBoard(List.of(pending("A", List.of(), List.of("src"), 0),
                pending("B", List.of(), List.of("src/x"), 1)));
        ClaimedTask a = claim(board, "w1", ClaimRules.PLAIN);
        assertThat(a.isolated()).isFalse();
        assertThat(a.ownership()).isNotEmpty();
        assertThat(claim(board, "w2", ClaimRules.PLAIN)).as("plain workers wait for the overlap to end").isNull();

        ClaimedTask b = claim(board, "w3", new ClaimRules(false, true));
        assertThat(b.task().id()).isEqualTo("B");
        assertThat(b.isolated()).isTrue();
        assertThat(b.ownership()).isEmpty();
    }
}
