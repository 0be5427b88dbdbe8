package dev.wvo.git;

import dev.wvo.config.ConflictStrategy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.wvo.lock.FileLockManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MergeQueueLandingTest {
    @TempDir
    Path tmp;
    Path repo;
    FileLockManager locks;
    TaskWorktrees worktrees;
    MergeQueueStore store;

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        TestRepositories.init(repo, Map.of("a.txt", "one\ntwo\nthree\n", "b.txt", "b\n", ".gitignore", ".wvo/\n"));
        locks = FileLockManager.builder(tmp.resolve("locks")).build();
        worktrees = TaskWorktrees.forDirectory(repo, Optional.empty());
        store = new MergeQueueStore(tmp.resolve("state/merge-queue"), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    private String task(String worker, String task, String file, String content, Optional<String> start)
            throws Exception {
        Path wt = worktrees.create(worker, task, start);
        Files.writeString(wt.resolve(file), content);
        try (Git g = Git.open(wt.toFile())) {
            g.add().addFilepattern(file).call();
            g.commit().setMessage(task).call();
        }
        return TaskWorktrees.branchName(worker, task);
    }

    private MergeQueue queue(Optional<List<String>> test) {
        return queue(test, Duration.ofMinutes(1));
    }

    private MergeQueue queue(Optional<List<String>> test, Duration timeout) {
        Optional<MergeTest> run = test.map(argv -> new MergeTest(argv, timeout,
                e -> tmp.resolve("logs").resolve(e.taskId() + ".log")));
        return new MergeQueue(worktrees, store, locks, run, ConflictStrategy.REBASE, false);
    }

    /** A queue with {@code land: merge}: a branch the target moved away from lands with a merge commit. */
    private MergeQueue mergingQueue() {
        return new MergeQueue(worktrees, store, locks, Optional.empty(), ConflictStrategy.REBASE, false,
                Clock.systemUTC(), List.of(), false);
    }

    private String show(String rev, String path) {
        return GitProcess.checked(repo, "show", rev + ":" + path).output();
    }

    @Test
    void tasksChangingDifferentFilesBothLand() throws Exception {
        store.enqueue("T-2", task("w2", "T-2", "b.txt", "B\n", Optional.empty()), 0);
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "ONE\n", Optional.empty()), 0);
        List<MergeOutcome> out = mergingQueue().drain();
        assertThat(out).extracting(MergeOutcome::conflictPaths).containsOnly(List.of());
        assertThat(out).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.FAST_FORWARD, MergeOutcome.Kind.MERGE_COMMIT);
        assertThat(show("main", "a.txt")).isEqualTo("ONE\n");
        assertThat(show("main", "b.txt")).isEqualTo("B\n");
        assertThat(store.isMerged("T-1")).isTrue();
        assertThat(store.isMerged("T-2")).isTrue();
        assertThat(worktrees.worktreePath("w1")).doesNotExist();
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("ONE\n");
    }

    /**
     * The default: the second branch is replayed onto the moved target in the object database, the
     * branch (checked out in its clean worktree) and that worktree follow, and history stays linear.
     */
    @Test
    void aBranchTheTargetMovedAwayFrom_landsRebased() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "ONE\ntwo\nthree\n", Optional.empty()), 5);
        String second = task("w2", "T-2", "a.txt", "one\ntwo\nTHREE\n", Optional.empty());
        store.enqueue("T-2", second, 0);

        List<MergeOutcome> out = queue(Optional.empty()).drain();

        assertThat(out).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.FAST_FORWARD, MergeOutcome.Kind.REBASED);
        assertThat(show("main", "a.txt")).isEqualTo("ONE\ntwo\nTHREE\n");
        assertThat(GitProcess.checked(repo, "rev-list", "--merges", "main").output()).isBlank();
        assertThat(GitProcess.checked(repo, "rev-parse", "main^").output())
                .isEqualTo(GitProcess.checked(repo, "rev-parse", out.get(0).entry().mergedCommit()).output());
        assertThat(GitProcess.checked(repo, "log", "-1", "--format=%an %s", "main").output()).isEqualTo("Test T-2\n");
    }

    /**
     * T-1's branch queued, T-2's stacked on it and queued, then T-1's branch amended with a new commit
     * writing {@code amended} to a.txt.
     *
     * @return the branch below and the one above
     */
    private String[] stackOnAmended(String aboveFile, String aboveContent, String amended) throws Exception {
        String below = task("w1", "T-1", "a.txt", "ONE\ntwo\nthree\n", Optional.empty());
        String base = GitProcess.checked(repo, "rev-parse", below).output().strip();
        store.enqueue("T-1", below, 0, null, null);
        String above = task("w2", "T-2", aboveFile, aboveContent, Optional.of(below));
        store.enqueue("T-2", above, 0, base, "T-1");
        Path wt = worktrees.worktreePath("w1");
        Files.writeString(wt.resolve("a.txt"), amended);
        try (Git g = Git.open(wt.toFile())) {
            g.commit().setAll(true).setMessage("T-1 amended").call();
        }
        return new String[] {below, above};
    }

    /**
     * A task amended by a retry: the branch it stands on got new work, so the stacked branch above is
     * replayed onto its new tip (its own commit only), and lands after it.
     */
    @Test
    void aStackedBranch_isRestackedWhenTheBranchBelowIsAmended() throws Exception {
        String[] stack = stackOnAmended("b.txt", "B\n", "ONE\nTWO\nthree\n");
        String below = stack[0];
        String above = stack[1];

        // the stacked entry is not ready: its restack comes first, then the branch below lands
        List<MergeOutcome> out = queue(Optional.empty()).drain(e -> e.taskId().equals("T-1"));

        assertThat(out).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.RESTACKED, MergeOutcome.Kind.FAST_FORWARD);
        String newTip = GitProcess.checked(repo, "rev-parse", below).output().strip();
        assertThat(out.get(0).entry().base()).isEqualTo(newTip);
        assertThat(GitProcess.checked(repo, "rev-parse", above + "^").output().strip()).isEqualTo(newTip);
        assertThat(GitProcess.checked(repo, "rev-list", "--count", newTip + ".." + above).output().strip()).isEqualTo("1");
        assertThat(show(above, "a.txt")).isEqualTo("ONE\nTWO\nthree\n");
        assertThat(queue(Optional.empty()).drain()).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.FAST_FORWARD);
        assertThat(show("main", "b.txt")).isEqualTo("B\n");
    }

    /** A restack that conflicts goes back like any conflict: with the paths and the hunks, against the branch below. */
    @Test
    void aRestackThatConflicts_isReportedWithItsHunks() throws Exception {
        String[] stack = stackOnAmended("a.txt", "ONE\ntwo\nthree by T-2\n", "ONE\ntwo\nthree by T-1\n");
        String below = stack[0];
        String above = stack[1];

        List<MergeOutcome> out = queue(Optional.empty()).drain(e -> false);

        assertThat(out).hasSize(1);
        assertThat(out.get(0).kind()).isEqualTo(MergeOutcome.Kind.CONFLICT);
        assertThat(out.get(0).conflictPaths()).containsExactly("a.txt");
        assertThat(out.get(0).against()).isEqualTo(below);
        assertThat(out.get(0).hunks()).contains("<<<<<<< " + below, "three by T-1", "three by T-2", ">>>>>>> " + above);
        assertThat(GitProcess.checked(repo, "rev-parse", above).output().strip())
                .as("the branch is left as it was").isNotEqualTo(GitProcess.checked(repo, "rev-parse", below).output().strip());
    }

    @Test
    void sameLinesGiveOneMergeAndOneConflict() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "uno\n", Optional.empty()), 5);
        store.enqueue("T-2", task("w2", "T-2", "a.txt", "eins\n", Optional.empty()), 0);
        List<MergeOutcome> out = queue(Optional.empty()).drain();
        assertThat(out).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.FAST_FORWARD, MergeOutcome.Kind.CONFLICT);
        assertThat(out.get(1).conflictPaths()).containsExactly("a.txt");
        assertThat(out.get(1).entry().taskId()).isEqualTo("T-2");
        assertThat(show("main", "a.txt")).isEqualTo("uno\n");
        assertThat(store.isMerged("T-2")).isFalse();
    }

    @Test
    void failingTestCommandBlocksMerge() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "broken\n", Optional.empty()), 0);
        String before = show("main", "a.txt");
        List<MergeOutcome> out = queue(Optional.of(List.of("sh", "-c", "echo tests failed; exit 3"))).drain();
        assertThat(out).extracting(MergeOutcome::kind).containsExactly(MergeOutcome.Kind.TEST_FAILED);
        assertThat(out.get(0).failureTail()).contains("tests failed");
        assertThat(show("main", "a.txt")).isEqualTo(before);
        assertThat(store.list().get(0).status()).isEqualTo(MergeEntry.Status.TEST_FAILED);
    }

    /**
     * A hung test command holding the merge-queue lock is stopped at its timeout with every process
     * it started; its entry fails its test and the next entry lands in the same drain.
     */
    @Test
    void aHangingTestCommandIsStoppedWithItsTreeAndTheQueueMovesOn() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "hang.txt", "hang\n", Optional.empty()), 5);
        store.enqueue("T-2", task("w2", "T-2", "b.txt", "B\n", Optional.empty()), 0);
        Path pids = tmp.resolve("pids");
        List<MergeOutcome> out = queue(Optional.of(List.of("sh", "-c", "echo testing; if [ -f hang.txt ]; then "
                + "sleep 600 & echo $! > '" + pids + "'; wait; fi")), Duration.ofSeconds(1)).drain();

        assertThat(out).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.TEST_FAILED, MergeOutcome.Kind.FAST_FORWARD);
        assertThat(out.get(0).failureTail()).startsWith("the test command ran past worktree.test_timeout (1 s)")
                .contains("testing");
        long sleep = Long.parseLong(Files.readString(pids).strip());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(sleep).map(p -> !p.isAlive()).orElse(true));
        assertThat(tmp.resolve("logs/T-1.log")).content().isEqualTo("testing\n");
        assertThat(show("main", "b.txt")).isEqualTo("B\n");
        assertThat(GitProcess.checked(repo, "worktree", "list").output()).doesNotContain("wvo-merge-test-");
    }

    @Test
    void stackedTasksLandInOrder() throws Exception {
        String first = task("w1", "T-1", "a.txt", "first\n", Optional.empty());
        String second = task("w2", "T-2", "b.txt", "second\n", Optional.of(first));
        store.enqueue("T-1", first, 0);
        store.enqueue("T-2", second, 0);
        List<MergeOutcome> out = queue(Optional.empty()).drain();
        assertThat(out).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.FAST_FORWARD, MergeOutcome.Kind.FAST_FORWARD);
        assertThat(show("main", "a.txt")).isEqualTo("first\n");
        assertThat(show("main", "b.txt")).isEqualTo("second\n");
    }

    @Test
    void anEntryAlreadyOnTheTargetIsMarkedMerged_andDoesNotHoldUpTheQueue() throws Exception {
        String landed = task("w1", "T-1", "a.txt", "ONE\n", Optional.empty());
        store.enqueue("T-1", landed, 5);
        store.enqueue("T-2", task("w2", "T-2", "b.txt", "B\n", Optional.empty()), 0);
        // as if a process died after moving main and before writing the entry, or a person merged by hand
        GitProcess.checked(repo, "merge", "--ff-only", landed);
        String mainBefore = GitProcess.checked(repo, "rev-parse", "main").output();

        List<MergeOutcome> out = queue(Optional.empty()).drain();

        assertThat(out).extracting(o -> o.entry().taskId(), MergeOutcome::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("T-1", MergeOutcome.Kind.FAST_FORWARD),
                org.assertj.core.groups.Tuple.tuple("T-2", MergeOutcome.Kind.REBASED));
        assertThat(out.get(0).entry().mergedCommit()).isEqualTo(mainBefore.strip());
        assertThat(store.isMerged("T-1")).isTrue();
        assertThat(store.isMerged("T-2")).isTrue();
        assertThat(show("main", "a.txt")).isEqualTo("ONE\n");
        assertThat(show("main", "b.txt")).isEqualTo("B\n");
    }

    @Test
    void dirtyUserCheckoutIsNeverModified() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "theirs\n", Optional.empty()), 0);
        Files.writeString(repo.resolve("b.txt"), "user edit\n");
        String mainBefore = GitProcess.checked(repo, "rev-parse", "main").output();
        List<MergeOutcome> out = queue(Optional.empty()).drain();
        assertThat(out).extracting(MergeOutcome::kind).containsExactly(MergeOutcome.Kind.TARGET_CHECKED_OUT_DIRTY);
        assertThat(GitProcess.checked(repo, "rev-parse", "main").output()).isEqualTo(mainBefore);
        assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("user edit\n");
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("one\ntwo\nthree\n");
        assertThat(store.head()).isPresent();
    }

    /**
     * A file of the user's checkout with the same content but other stat data than its index says
     * (touched, or the index written by another tool) is "not uptodate" to git's read-tree: the
     * landing refreshes the stat data and lands.
     */
    @Test
    void aTouchedButUnchangedUserFile_doesNotHoldUpTheLanding() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "theirs\n", Optional.empty()), 0);
        Files.setLastModifiedTime(repo.resolve("a.txt"), java.nio.file.attribute.FileTime.fromMillis(0));
        List<MergeOutcome> out = queue(Optional.empty()).drain();
        assertThat(out).extracting(MergeOutcome::kind).containsExactly(MergeOutcome.Kind.FAST_FORWARD);
        assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("theirs\n");
        assertThat(GitProcess.checked(repo, "status", "--porcelain").output()).isEmpty();
    }

    /**
     * A worktree kept between a worker's tasks leaves its branch checked out nowhere, so that the
     * queue rebases it under nobody; the next task reuses it, and starts pristine at the new target
     * whatever was left in it (an edit, a new file, an ignored file, a new directory).
     */
    @Test
    void aKeptWorktree_freesItsBranch_andTheNextTaskStartsPristineAtTheNewTarget() throws Exception {
        String first = task("w1", "T-1", "a.txt", "first\n", Optional.empty());
        Path wt = worktrees.worktreePath("w1");
        assertThat(worktrees.checkedOutBranches()).containsEntry("main", repo.toRealPath())
                .containsEntry(first, wt.toRealPath());
        try (TaskWorkspace.Place place = new TaskWorkspace.Place(wt, first, null)) {
            assertThat(worktrees.keep("w1", place)).isTrue();
        }
        assertThat(worktrees.checkedOutBranches()).doesNotContainKey(first);
        store.enqueue("T-2", task("w2", "T-2", "b.txt", "second\n", Optional.empty()), 0);
        store.enqueue("T-1", first, 0);
        assertThat(queue(Optional.empty()).drain()).extracting(MergeOutcome::kind)
                .containsExactly(MergeOutcome.Kind.FAST_FORWARD, MergeOutcome.Kind.REBASED);

        Files.writeString(wt.resolve("b.txt"), "stray edit\n");
        Files.writeString(wt.resolve("new.txt"), "stray file\n");
        Files.createDirectories(wt.resolve(".wvo/cache"));
        Files.writeString(wt.resolve(".wvo/cache/ignored.bin"), "ignored\n");
        assertThat(worktrees.create("w1", "T-3", Optional.empty(), true)).isEqualTo(wt);
        try (Git g = Git.open(wt.toFile())) {
            assertThat(g.getRepository().getBranch()).isEqualTo(TaskWorktrees.branchName("w1", "T-3"));
            assertThat(g.getRepository().resolve("HEAD")).isEqualTo(g.getRepository().resolve("refs/heads/main"));
            var status = g.status().call();
            assertThat(status.isClean()).isTrue();
            assertThat(status.getIgnoredNotInIndex()).isEmpty();
        }
        assertThat(Files.readString(wt.resolve("a.txt"))).isEqualTo("first\n");
        assertThat(Files.readString(wt.resolve("b.txt"))).isEqualTo("second\n");
        assertThat(wt.resolve("new.txt")).doesNotExist();
        assertThat(wt.resolve(".wvo")).doesNotExist();
    }

    @Test
    void abandonedWorktreeWithUncommittedWorkIsReportedAndKept() throws Exception {
        Path wt = worktrees.create("w9", "T-9", Optional.empty());
        Files.writeString(wt.resolve("a.txt"), "unsaved work\n");
        Path merged = worktrees.create("w8", "T-8", Optional.empty());
        List<ReconcileReport> reports = worktrees.reconcileByWorker(w -> false);
        assertThat(reports).extracting(ReconcileReport::branch, ReconcileReport::removed)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("wvo/w8/T-8", true),
                        org.assertj.core.groups.Tuple.tuple("wvo/w9/T-9", false));
        assertThat(Files.readString(wt.resolve("a.txt"))).isEqualTo("unsaved work\n");
        assertThat(merged).doesNotExist();
    }

    @Test
    void retryAndDropChangeTheQueue() throws Exception {
        store.enqueue("T-1", task("w1", "T-1", "a.txt", "uno\n", Optional.empty()), 5);
        MergeEntry e2 = store.enqueue("T-2", task("w2", "T-2", "a.txt", "eins\n", Optional.empty()), 0);
        queue(Optional.empty()).drain();
        assertThat(store.retry(e2.id()).status()).isEqualTo(MergeEntry.Status.QUEUED);
        assertThat(store.drop(e2.id())).isTrue();
        assertThat(store.list()).extracting(MergeEntry::taskId).containsExactly("T-1");
    }
}
