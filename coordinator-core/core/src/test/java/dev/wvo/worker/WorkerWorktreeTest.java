package dev.wvo.worker;

import dev.wvo.config.ConflictStrategy;
import dev.wvo.fs.StateDir;
import dev.wvo.config.Config;
import dev.wvo.events.Event;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.git.TaskWorktrees;
import dev.wvo.git.TestRepositories;
import dev.wvo.config.WorktreeMode;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.lock.FileLockManager;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers with {@code --worktree always} on a real git repository: each task runs in its own
 * worktree, and its branch lands on {@code main} through the merge queue, or goes back.
 */
class WorkerWorktreeTest {

    @TempDir
    Path tmp;
    Path repo;
    Path state;
    FileLockManager locks;
    RoadmapStore store;
    final List<String> terminal = new CopyOnWriteArrayList<>();
    /** What the fake agent does per task id: (working directory, attempt). */
    final Map<String, BiConsumer<Path, Integer>> actions = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() throws Exception {
        repo = tmp.resolve("repo");
        state = tmp.resolve("state");
        Files.createDirectories(state);
        TestRepositories.init(repo, Map.of("a.txt", "one\ntwo\nthree\n", "b.txt", "b\n"));
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
        store = new RoadmapStore(new StateDir(state), locks);
    }

    @AfterEach
    void tearDown() {
        locks.close();
    }

    private final AgentBackend fake = new FakeAgent("fake", (run, output) -> {
        actions.getOrDefault(run.task().id(), (dir, attempt) -> { }).accept(run.workingDirectory(), run.task().attempt());
        return AgentOutcome.success(0, "did " + run.task().id());
    });

    private Worker worker(String id, WorktreeSettings worktree) {
        return worker(id, worktree, 0);
    }

    private Worker worker(String id, WorktreeSettings worktree, int maxTasks) {
        WorkerSettings settings = new WorkerSettings(id, List.of("fake"), null, List.of(), List.of(), true, maxTasks, true,
                Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMillis(100), repo, Map.of());
        return new Worker(settings, WorkerServices.builder(new StateDir(state), locks, Clock.systemUTC())
                .plugins(n -> Optional.of(fake), n -> Optional.empty())
                .config(Config.read(state.resolve("config.yaml"))).worktrees(worktree, repo)
                .context(new WorkerTest.NoContext()).terminal(terminal::add).build());
    }

    private static WorktreeSettings always(ConflictStrategy strategy, Optional<List<String>> test) {
        return always(strategy, test, WorktreeSettings.DEFAULT_TEST_TIMEOUT);
    }

    private static WorktreeSettings always(ConflictStrategy strategy, Optional<List<String>> test, Duration timeout) {
        return new WorktreeSettings(WorktreeMode.ALWAYS, Optional.empty(), Optional.empty(), test, timeout, strategy,
                false);
    }

    private void roadmap(String yaml) throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), yaml);
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void runAll(Worker... workers) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (Worker w : workers) {
            Thread t = new Thread(() -> {
                try {
                    w.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(2));
        }
        assertThat(failures).isEmpty();
        assertThat(threads).noneMatch(Thread::isAlive);
    }

    private RoadmapTask task(String id) {
        return RoadmapReader.read(state.resolve("roadmap.yaml")).task(id).orElseThrow();
    }

    private String onMain(String path) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            var repository = git.getRepository();
            var tree = new org.eclipse.jgit.revwalk.RevWalk(repository).parseCommit(repository.resolve("refs/heads/main"))
                    .getTree();
            try (var walk = org.eclipse.jgit.treewalk.TreeWalk.forPath(repository, path, tree)) {
                return walk == null ? null : new String(repository.open(walk.getObjectId(0)).getBytes());
            }
        }
    }

    private List<String> mainHistory() throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            List<String> messages = new ArrayList<>();
            for (RevCommit c : git.log().add(git.getRepository().resolve("refs/heads/main")).call()) {
                messages.add(c.getShortMessage());
            }
            return messages;
        }
    }

    private List<Event> events(EventType type) {
        return EventReader.in(state).read(EventFilter.ALL.withTypes(type)).events();
    }

    /** What the agent deleted lands as a deletion, beside what it added: its work is committed as `git add --all` would. */
    @Test
    void deletedAndNewFiles_bothLand() throws Exception {
        roadmap("""
                tasks:
                  - id: D
                    title: replace b with c
                    owns: [b.txt, c.txt]
                """);
        actions.put("D", (dir, attempt) -> {
            try {
                Files.delete(dir.resolve("b.txt"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            write(dir.resolve("c.txt"), "c\n");
        });
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(onMain("b.txt")).isNull();
        assertThat(onMain("c.txt")).isEqualTo("c\n");
        assertThat(task("D").fields()).containsEntry("merge", "merged");
    }

    /** Two concurrent tasks on different files: both branches start from the same commit and both land. */
    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void twoTasksOnDifferentFiles_bothLand_whicheverFinishesFirst(String first) throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: change a
                    owns: [a.txt]
                  - id: B
                    title: change b
                    owns: [b.txt]
                """);
        CountDownLatch bothRunning = new CountDownLatch(2);
        String second = first.equals("A") ? "B" : "A";
        for (String id : List.of("A", "B")) {
            String file = id.toLowerCase() + ".txt";
            actions.put(id, (dir, attempt) -> {
                bothRunning.countDown();
                awaitQuietly(bothRunning);
                if (id.equals(second)) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> "merged".equals(task(first).fields().get("merge")));
                }
                write(dir.resolve(file), "changed by " + id + "\n");
            });
        }
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())),
                worker("w2", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(onMain("a.txt")).isEqualTo("changed by A\n");
        assertThat(onMain("b.txt")).isEqualTo("changed by B\n");
        for (String id : List.of("A", "B")) {
            assertThat(task(id).status()).isEqualTo("done");
            assertThat(task(id).fields()).containsEntry("merge", "merged");
        }
        assertThat(events(EventType.MERGE)).extracting(Event::task).containsExactly(first, second);
        assertThat(events(EventType.MERGE_CONFLICT)).isEmpty();
        // the second branch began before the first landed: it lands rebased onto it, history stays linear
        assertThat(events(EventType.MERGE)).extracting(e -> e.details().get("kind")).containsExactly("fast_forward",
                "rebased");
        assertThat(mainHistory().get(0)).startsWith("wvo: " + second + " attempt 1");
        assertThat(mainHistory()).noneMatch(m -> m.startsWith("Merge "));
        assertThat(repo.resolve(".wvo/worktrees/w1")).doesNotExist();
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.status().call().isClean()).as("the user's checkout follows main").isTrue();
        }
    }

    /** Two concurrent tasks on the same line: the first lands, the second conflicts and is blocked (escalate). */
    @ParameterizedTest
    @ValueSource(strings = {"A", "B"})
    void twoTasksOnTheSameLine_oneMergesAndOneConflicts(String first) throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: edit line two
                    owns: [a.txt]
                  - id: B
                    title: edit line two too
                    owns: [a.txt]
                """);
        CountDownLatch bothRunning = new CountDownLatch(2);
        String second = first.equals("A") ? "B" : "A";
        for (String id : List.of("A", "B")) {
            actions.put(id, (dir, attempt) -> {
                bothRunning.countDown();
                awaitQuietly(bothRunning);
                if (id.equals(second)) {
                    await().atMost(Duration.ofMinutes(1)).until(() -> "merged".equals(task(first).fields().get("merge")));
                }
                write(dir.resolve("a.txt"), "one\ntwo by " + id + "\nthree\n");
            });
        }
        runAll(worker("w1", always(ConflictStrategy.ESCALATE, Optional.empty())),
                worker("w2", always(ConflictStrategy.ESCALATE, Optional.empty())));

        assertThat(onMain("a.txt")).isEqualTo("one\ntwo by " + first + "\nthree\n");
        assertThat(task(first).fields()).containsEntry("merge", "merged");
        assertThat(task(second).status()).isEqualTo("blocked");
        assertThat(task(second).fields()).containsEntry("merge", "conflict");
        assertThat(events(EventType.MERGE)).extracting(Event::task).containsExactly(first);
        List<Event> conflicts = events(EventType.MERGE_CONFLICT);
        assertThat(conflicts).extracting(Event::task).containsExactly(second);
        assertThat(conflicts.get(0).details()).containsEntry("paths", List.of("a.txt"));
        List<MergeEntry> entries = MergeQueueStore.in(state, Clock.systemUTC()).list();
        assertThat(entries).filteredOn(e -> e.status() == MergeEntry.Status.CONFLICT)
                .singleElement().satisfies(e -> assertThat(e.conflictPaths()).containsExactly("a.txt"));
        assertThat(new StateDir(state).attempt(second, 1).directory().resolve("feedback.txt")).content().contains("a.txt");
    }

    /** With rebase, the conflicting task goes back and its next attempt starts from the new main and lands. */
    @Test
    void conflictWithRebase_sendsTheTaskBack_andTheNewAttemptStartsFromTheNewTarget() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: edit line two
                    owns: [a.txt]
                  - id: B
                    title: edit line three
                    owns: [a.txt]
                """);
        CountDownLatch bothRunning = new CountDownLatch(2);
        actions.put("A", (dir, attempt) -> {
            bothRunning.countDown();
            awaitQuietly(bothRunning);
            write(dir.resolve("a.txt"), "one\ntwo by A\nthree\n");
        });
        actions.put("B", (dir, attempt) -> {
            if (attempt == 1) {
                bothRunning.countDown();
                awaitQuietly(bothRunning);
                await().atMost(Duration.ofMinutes(1)).until(() -> "merged".equals(task("A").fields().get("merge")));
                write(dir.resolve("a.txt"), "one\ntwo by B\nthree\n");
            } else {
                assertThat(dir.resolve("a.txt")).content().isEqualTo("one\ntwo by A\nthree\n");
                write(dir.resolve("a.txt"), "one\ntwo by A\nthree by B\n");
            }
        });
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())),
                worker("w2", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(onMain("a.txt")).isEqualTo("one\ntwo by A\nthree by B\n");
        assertThat(task("B").status()).isEqualTo("done");
        assertThat(task("B").attempts()).isEqualTo(2);
        assertThat(task("B").fields()).containsEntry("merge", "merged");
        assertThat(events(EventType.MERGE_CONFLICT)).extracting(Event::task).containsExactly("B");
        assertThat(new StateDir(state).attempt("B", 1).directory().resolve("feedback.txt")).content().contains("a.txt");
        String kept = (String) events(EventType.MERGE_CONFLICT).get(0).details().get("branch");
        assertThat(kept).matches("wvo/w[12]/B-conflict-1");
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.getRepository().resolve("refs/heads/" + kept))
                    .as("the conflicting work is kept on a renamed branch").isNotNull();
        }
    }

    /** With rebase and {@code merge_conflict.max: 0}, the first conflict blocks the task, with the count. */
    @Test
    void conflictWithRebase_atTheCap_blocksTheTask_andKeepsItsWorkOnTheRenamedBranch() throws Exception {
        Files.writeString(state.resolve("config.yaml"), "reactions:\n  merge_conflict: {max: 0}\n");
        roadmap("""
                tasks:
                  - id: A
                    title: edit line two
                    owns: [a.txt]
                  - id: B
                    title: edit line two too
                    owns: [a.txt]
                """);
        CountDownLatch bothRunning = new CountDownLatch(2);
        actions.put("A", (dir, attempt) -> {
            bothRunning.countDown();
            awaitQuietly(bothRunning);
            write(dir.resolve("a.txt"), "one\ntwo by A\nthree\n");
        });
        actions.put("B", (dir, attempt) -> {
            bothRunning.countDown();
            awaitQuietly(bothRunning);
            await().atMost(Duration.ofMinutes(1)).until(() -> "merged".equals(task("A").fields().get("merge")));
            write(dir.resolve("a.txt"), "one\ntwo by B\nthree\n");
        });
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())),
                worker("w2", always(ConflictStrategy.REBASE, Optional.empty())));

        RoadmapTask b = task("B");
        assertThat(b.status()).isEqualTo("blocked");
        assertThat(b.attempts()).isEqualTo(1);
        assertThat(b.fields()).containsEntry("reactions", Map.of("merge_conflict", 1L))
                .containsEntry("merge", "conflict");
        assertThat(String.valueOf(b.fields().get("branch"))).matches("wvo/w[12]/B-conflict-1");
        assertThat(events(EventType.NEEDS_ATTENTION)).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("trigger", "merge_conflict")
                .containsEntry("reason", "merge_conflict once, more than reactions.merge_conflict.max (0) allows"));
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.getRepository().resolve("refs/heads/" + b.fields().get("branch"))).isNotNull();
        }
    }

    /** A failing test command keeps main untouched and sends the task back; its next attempt passes and lands. */
    @Test
    void failingTestCommand_blocksTheMerge_andTheTaskGoesBack() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: add a file
                    owns: [c.txt]
                """);
        actions.put("A", (dir, attempt) -> {
            write(dir.resolve("c.txt"), attempt == 1 ? "bad\n" : "good\n");
            if (attempt == 2) {
                assertThat(new StateDir(state).attempt("A", 1).directory().resolve("feedback.txt")).content()
                        .contains("c.txt says bad");
            }
        });
        Optional<List<String>> test = Optional.of(List.of("sh", "-c",
                "if grep -q bad c.txt; then echo 'c.txt says bad'; exit 1; fi"));
        runAll(worker("w1", always(ConflictStrategy.REBASE, test)));

        assertThat(onMain("c.txt")).isEqualTo("good\n");
        assertThat(events(EventType.MERGE_CONFLICT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("kind", "test_failed")
                        .containsEntry("failure", "c.txt says bad"));
        assertThat(mainHistory()).noneMatch(m -> m.contains("attempt 1"));
        assertThat(task("A").fields()).containsEntry("merge", "merged");
        assertThat(task("A").attempts()).isEqualTo(2);
    }

    /**
     * A test command that hangs (a suite waiting on a lost server) is stopped at worktree.test_timeout,
     * its whole process tree with it; the task goes back with the merge_test_failed reaction, the
     * queue goes on landing the other task, and the output stays in the attempt's merge-test.log.
     */
    @Test
    void aHangingTestCommand_isStoppedAtItsTimeout_withItsProcessTree_andTheQueueMovesOn() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: add a file that makes the suite hang
                    owns: [a.txt, hang.txt]
                  - id: B
                    title: add another file
                    owns: [b.txt]
                """);
        actions.put("A", (dir, attempt) -> {
            write(dir.resolve("a.txt"), "attempt " + attempt + "\n");
            if (attempt == 1) {
                write(dir.resolve("hang.txt"), "hang\n");
            }
        });
        actions.put("B", (dir, attempt) -> write(dir.resolve("b.txt"), "B\n"));
        Path pids = state.resolve("hung-test-pids");
        Optional<List<String>> test = Optional.of(List.of("sh", "-c", "echo testing; if [ -f hang.txt ]; then "
                + "sleep 600 & echo $! >> '" + pids + "'; wait; fi"));
        runAll(worker("w1", always(ConflictStrategy.REBASE, test, Duration.ofSeconds(2))));

        assertThat(onMain("b.txt")).isEqualTo("B\n");
        assertThat(onMain("a.txt")).isEqualTo("attempt 2\n");
        assertThat(onMain("hang.txt")).isNull();
        List<Long> sleeps = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
        assertThat(sleeps).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(sleeps.get(0)).map(p -> !p.isAlive())
                .orElse(true));
        assertThat(events(EventType.MERGE_CONFLICT)).singleElement().satisfies(e -> assertThat(e.details())
                .containsEntry("kind", "test_failed").extractingByKey("failure").asString().contains("ran past worktree.test_timeout (2 s)"));
        Path log = new StateDir(state).attempt("A", 1).mergeTestLog();
        assertThat(log).content().contains("testing");
        assertThat(new StateDir(state).attempt("A", 1).feedback()).content().contains(log.toString());
        assertThat(task("A").fields()).containsEntry("merge", "merged").containsEntry("reactions",
                Map.of("merge_test_failed", 1L));
    }

    /**
     * A test command that always fails: the task goes back to the agent with the test's output in
     * its next prompt, up to reactions.merge_test_failed.max times, and is then blocked for a person.
     */
    @Test
    void alwaysFailingTestCommand_sendsTheOutputBackToTheAgent_thenBlocksTheTaskAtTheCap() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: add a file
                    owns: [c.txt]
                    max_attempts: 5
                """);
        actions.put("A", (dir, attempt) -> write(dir.resolve("c.txt"), "attempt " + attempt + "\n"));
        Optional<List<String>> test = Optional.of(List.of("sh", "-c",
                "echo 'ParserTest.empty: expected [] but was null'; exit 1"));
        runAll(worker("w1", always(ConflictStrategy.REBASE, test)));

        assertThat(onMain("c.txt")).as("main never moved").isNull();
        assertThat(new StateDir(state).attempt("A", 2).directory().resolve("prompt.txt")).content()
                .contains("ParserTest.empty: expected [] but was null");
        assertThat(new StateDir(state).attempt("A", 2).directory().resolve("previous-attempt.md")).content()
                .contains("Feedback on it").contains("ParserTest.empty: expected [] but was null");
        RoadmapTask a = task("A");
        assertThat(a.status()).isEqualTo("blocked");
        assertThat(a.attempts()).as("two retries (the default max), then blocked").isEqualTo(3);
        assertThat(a.fields()).containsEntry("reactions", Map.of("merge_test_failed", 3L))
                .containsEntry("merge", "test_failed");
        assertThat(String.valueOf(((Map<?, ?>) a.fields().get("result")).get("summary")))
                .contains("merge_test_failed 3 times, more than reactions.merge_test_failed.max (2) allows")
                .contains("wvo task reset A");
        assertThat(events(EventType.MERGE_CONFLICT)).hasSize(3);
        assertThat(events(EventType.NEEDS_ATTENTION)).singleElement().satisfies(e -> {
            assertThat(e.task()).isEqualTo("A");
            assertThat(e.details()).containsEntry("trigger", "merge_test_failed").containsEntry("count", 3);
        });
    }

    /** B depends on A; A's merge is held up, so B starts stacked on A's branch; A lands first, then B. */
    @Test
    void stackedTasks_startOnTheDependencysBranch_andLandInOrder() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: first
                    owns: [a.txt]
                  - id: B
                    title: second
                    owns: [b.txt]
                    dependencies: [A]
                """);
        Path userEdit = repo.resolve("user-edit.txt");
        actions.put("A", (dir, attempt) -> {
            write(dir.resolve("a.txt"), "A was here\n");
            write(userEdit, "the user is editing: merges wait\n");
        });
        actions.put("B", (dir, attempt) -> {
            assertThat(dir.resolve("a.txt")).content().isEqualTo("A was here\n");
            write(dir.resolve("b.txt"), "B was here\n");
            try {
                Files.delete(userEdit);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(terminal).anyMatch(l -> l.contains("B runs in") && l.contains("stacked on wvo/w1/A"));
        assertThat(events(EventType.MERGE)).extracting(Event::task).containsExactly("A", "B");
        assertThat(onMain("a.txt")).isEqualTo("A was here\n");
        assertThat(onMain("b.txt")).isEqualTo("B was here\n");
        List<String> history = mainHistory();
        assertThat(history.indexOf(history.stream().filter(m -> m.contains("wvo: B")).findFirst().orElseThrow()))
                .isLessThan(history.indexOf(history.stream().filter(m -> m.contains("wvo: A")).findFirst().orElseThrow()));
    }

    /** A task that changes nothing has nothing to merge: it is done, no entry, no branch left. */
    @Test
    void anAttemptThatChangesNothing_isDoneWithoutMerging() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: look only
                    expect_changes: false
                """);
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));
        assertThat(task("A").status()).isEqualTo("done");
        assertThat(task("A").fields()).doesNotContainKey("merge");
        assertThat(MergeQueueStore.in(state, Clock.systemUTC()).list()).isEmpty();
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.branchList().call()).extracting(r -> r.getName()).containsExactly("refs/heads/main");
        }
    }

    /**
     * A worker keeps its worktree between its tasks instead of removing and adding one per task:
     * each task still starts from a clean tree of the target as it is then (what an earlier task
     * left ignored is gone), the earlier branch is checked out nowhere, so it lands and is deleted,
     * and the worktree is removed when the worker stops.
     */
    @Test
    void aWorkersNextTask_reusesItsWorktree_fromACleanTreeOfTheNewTarget() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: change a, leave an ignored file
                  - id: B
                    title: change b
                    depends_on: [A]
                """);
        Map<String, Object> seenByA = new ConcurrentHashMap<>();
        Map<String, Object> seenByB = new ConcurrentHashMap<>();
        actions.put("A", (dir, attempt) -> {
            seenByA.put(".git", identity(dir.resolve(".git")));
            write(dir.resolve(".gitignore"), "*.log\n");
            write(dir.resolve("a.txt"), "changed by A\n");
            write(dir.resolve("build.log"), "left by A\n");
        });
        actions.put("B", (dir, attempt) -> {
            seenByB.put("dir", dir);
            seenByB.put(".git", identity(dir.resolve(".git")));
            seenByB.put("a.txt", readQuietly(dir.resolve("a.txt")));
            seenByB.put("build.log exists", Files.exists(dir.resolve("build.log")));
            try (Git git = Git.open(dir.toFile())) {
                seenByB.put("clean", git.status().call().isClean());
                seenByB.put("head is main", git.getRepository().resolve("HEAD")
                        .equals(git.getRepository().resolve("refs/heads/main")));
            } catch (Exception e) {
                seenByB.put("error", e.toString());
            }
            write(dir.resolve("b.txt"), "changed by B\n");
        });
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(seenByB).containsEntry("dir", repo.resolve(".wvo/worktrees/w1")).containsEntry("a.txt", "changed by A\n")
                .containsEntry("build.log exists", false).containsEntry("clean", true).containsEntry("head is main", true)
                .doesNotContainKey("error");
        assertThat(seenByB.get(".git")).as("the same worktree, not one added again").isEqualTo(seenByA.get(".git"));
        assertThat(terminal).noneMatch(l -> l.contains("branch kept"));
        assertThat(onMain("a.txt")).isEqualTo("changed by A\n");
        assertThat(onMain("b.txt")).isEqualTo("changed by B\n");
        assertThat(repo.resolve(".wvo/worktrees/w1")).doesNotExist();
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.branchList().call()).extracting(r -> r.getName()).containsExactly("refs/heads/main");
        }
    }

    /** A file's inode and modification time: another file made in its place differs. */
    private static String identity(Path file) {
        try {
            var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            return attributes.fileKey() + " " + attributes.lastModifiedTime();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** At start, a worktree with no live claim is kept when it holds unmerged work and removed when merged. */
    @Test
    void workerStart_reconcilesLeftoverWorktrees_withoutLosingWork() throws Exception {
        roadmap("tasks: []\n");
        TaskWorktrees worktrees = TaskWorktrees.forDirectory(repo, Optional.empty());
        Path dirty = worktrees.create("w8", "X", Optional.empty());
        write(dirty.resolve("a.txt"), "unsaved work\n");
        worktrees.create("w9", "Y", Optional.empty());
        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(dirty.resolve("a.txt")).content().isEqualTo("unsaved work\n");
        assertThat(repo.resolve(".wvo/worktrees/w9")).doesNotExist();
        assertThat(events(EventType.WORKTREE_KEPT)).singleElement()
                .satisfies(e -> assertThat(e.details()).containsEntry("branch", "wvo/w8/X"));
        assertThat(terminal).anyMatch(l -> l.contains("kept the worktree") && l.contains("wvo/w8/X"));
    }

    /**
     * on-conflict: the first task runs in place, the overlapping one is claimed isolated in a worktree;
     * its branch waits while the user's checkout holds the in-place work, and lands once that is committed.
     */
    @Test
    void onConflict_isolatesOnlyTheOverlappingTask() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: in place
                    owns: [src]
                  - id: B
                    title: overlaps A
                    owns: [src/x]
                """);
        CountDownLatch bothRunning = new CountDownLatch(2);
        Map<String, Path> ranIn = new ConcurrentHashMap<>();
        actions.put("A", (dir, attempt) -> {
            ranIn.put("A", dir);
            bothRunning.countDown();
            awaitQuietly(bothRunning);
            write(mkdirs(dir.resolve("src")).resolve("a.txt"), "A\n");
        });
        actions.put("B", (dir, attempt) -> {
            ranIn.put("B", dir);
            bothRunning.countDown();
            awaitQuietly(bothRunning);
            write(mkdirs(dir.resolve("src/x")).resolve("b.txt"), "B\n");
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(repo.resolve("src/a.txt")));
        });
        WorktreeSettings onConflict = new WorktreeSettings(WorktreeMode.ON_CONFLICT, Optional.empty(), Optional.empty(),
                Optional.empty(), WorktreeSettings.DEFAULT_TEST_TIMEOUT, ConflictStrategy.REBASE, false);
        runAll(worker("w1", onConflict), worker("w2", onConflict));

        // A comes first in the file, so whichever worker claims first takes it, in place
        assertThat(ranIn.get("A")).isEqualTo(repo);
        assertThat(ranIn.get("B").getParent()).isEqualTo(repo.resolve(".wvo/worktrees"));
        assertThat(task("B").fields()).containsEntry("merge", "queued");
        assertThat(onMain("src/x/b.txt")).as("held while the checkout is dirty").isNull();
        assertThat(terminal).anyMatch(l -> l.contains("not merging") && l.contains("src/a.txt"));

        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern("src").call();
            git.commit().setMessage("A, committed by the user").setSign(false).call();
        }
        runAll(worker("w3", onConflict));
        assertThat(onMain("src/x/b.txt")).isEqualTo("B\n");
        assertThat(onMain("src/a.txt")).isEqualTo("A\n");
        assertThat(task("B").fields()).containsEntry("merge", "merged");
    }

    private static Path mkdirs(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An idle worker with nothing to run still lands what waits in the queue before it exits. */
    @Test
    void anIdleWorker_landsTheQueueBeforeExiting() throws Exception {
        TaskWorktrees worktrees = TaskWorktrees.forDirectory(repo, Optional.empty());
        Path wt = worktrees.create("w9", "A", Optional.empty());
        write(wt.resolve("a.txt"), "from a worker that stopped\n");
        try (Git git = Git.open(wt.toFile())) {
            git.commit().setAll(true).setMessage("wvo: A").setSign(false).call();
        }
        worktrees.remove("w9");
        roadmap("""
                tasks:
                  - id: A
                    title: done, waiting in the queue
                    status: done
                    branch: wvo/w9/A
                    merge: queued
                """);
        MergeQueueStore.in(state, Clock.systemUTC()).enqueue("A", "wvo/w9/A", 0);

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(onMain("a.txt")).isEqualTo("from a worker that stopped\n");
        assertThat(task("A").fields()).containsEntry("merge", "merged");
    }

    /** A task sent back after a conflict whose new attempt changes nothing is done, and releases its dependents. */
    @Test
    void aSentBackTaskWhoseNewAttemptChangesNothing_isDone_andReleasesItsDependents() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: conflicted once; the target already has what it needs
                    branch: wvo/w9/A-conflict-1
                    merge: conflict
                  - id: B
                    title: depends on A
                    dependencies: [A]
                """);
        actions.put("B", (dir, attempt) -> write(dir.resolve("b.txt"), "changed by B\n"));

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(task("A").status()).isEqualTo("done");
        assertThat(task("A").fields()).doesNotContainKeys("merge", "branch");
        assertThat(task("B").fields()).containsEntry("merge", "merged");
        assertThat(onMain("b.txt")).isEqualTo("changed by B\n");
    }

    /** A delivery whose completion is refused (the claim was lost meanwhile) leaves no entry and no merge state. */
    @Test
    void aDeliveryWhoseClaimWasLost_isWithdrawn_andTheWorkStaysOnItsBranch() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: loses its claim while it runs
                """);
        actions.put("A", (dir, attempt) -> {
            write(dir.resolve("a.txt"), "changed by A\n");
            new RoadmapBoardStore(store).update(board -> {
                board.finish("A", "blocked", 1, null); // a person took the task away meanwhile
                return null;
            });
        });

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(task("A").status()).isEqualTo("blocked");
        assertThat(task("A").fields()).doesNotContainKeys("merge", "branch");
        assertThat(MergeQueueStore.in(state, Clock.systemUTC()).list()).isEmpty();
        assertThat(onMain("a.txt")).isEqualTo("one\ntwo\nthree\n");
        try (Git git = Git.open(repo.toFile())) {
            assertThat(git.getRepository().resolve("refs/heads/wvo/w1/A")).as("the work is kept").isNotNull();
        }
    }

    /** A checkout that stays dirty is reported once, not at every look at the queue. */
    @Test
    void aDirtyCheckout_isReportedOnce_whileTheWorkerGoesOn() throws Exception {
        TaskWorktrees worktrees = TaskWorktrees.forDirectory(repo, Optional.empty());
        Path wt = worktrees.create("w9", "A", Optional.empty());
        write(wt.resolve("a.txt"), "from a worker that stopped\n");
        try (Git git = Git.open(wt.toFile())) {
            git.commit().setAll(true).setMessage("wvo: A").setSign(false).call();
        }
        worktrees.remove("w9");
        roadmap("""
                tasks:
                  - id: A
                    title: done, waiting in the queue
                    status: done
                    branch: wvo/w9/A
                    merge: queued
                  - id: C
                    title: look only
                    expect_changes: false
                  - id: D
                    title: look only
                    expect_changes: false
                  - id: E
                    title: look only
                    expect_changes: false
                """);
        MergeQueueStore.in(state, Clock.systemUTC()).enqueue("A", "wvo/w9/A", 0);
        write(repo.resolve("b.txt"), "the user's edit\n");

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(task("E").status()).isEqualTo("done");
        assertThat(terminal).filteredOn(l -> l.contains("not merging wvo/w9/A")).hasSize(1);
        assertThat(task("A").fields()).containsEntry("merge", "queued");
    }

    /** A worker that stops after its last task (--max-tasks) lands that task's branch before it goes. */
    @Test
    void aWorkerAtItsTaskLimit_landsItsLastTaskBeforeStopping() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: change a
                  - id: B
                    title: left for another worker
                """);
        actions.put("A", (dir, attempt) -> write(dir.resolve("a.txt"), "changed by A\n"));

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty()), 1));

        assertThat(onMain("a.txt")).isEqualTo("changed by A\n");
        assertThat(task("A").fields()).containsEntry("merge", "merged");
        assertThat(task("B").status()).isEqualTo("pending");
    }

    /** An entry the queue cannot land (its branch is gone) is reported, and an idle worker still exits. */
    @Test
    void anEntryThatCannotLand_isReported_andTheIdleWorkerStillExits() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: done, but its branch was deleted by hand
                    status: done
                    branch: wvo/w9/A
                    merge: queued
                """);
        MergeEntry entry = MergeQueueStore.in(state, Clock.systemUTC()).enqueue("A", "wvo/w9/A", 0);

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(terminal).anyMatch(l -> l.contains("merge queue: Branch missing for merge-queue entry " + entry.id())
                && l.contains("wvo merge-queue drop " + entry.id()));
        assertThat(task("A").fields()).containsEntry("merge", "queued");
    }

    /** A merge that landed but was never recorded (the merging worker died) is recorded by the next worker. */
    @Test
    void aLandedButUnrecordedMerge_isRecorded_andReleasesDependents() throws Exception {
        roadmap("""
                tasks:
                  - id: A
                    title: merged by a worker that died right after
                    status: done
                    branch: wvo/w9/A
                    merge: queued
                  - id: B
                    title: depends on A
                    dependencies: [A]
                """);
        MergeQueueStore queue = MergeQueueStore.in(state, Clock.systemUTC());
        MergeEntry entry = queue.enqueue("A", "wvo/w9/A", 0);
        Path file = state.resolve("merge-queue").resolve(entry.id() + ".json");
        Files.writeString(file, Files.readString(file).replace("\"QUEUED\"", "\"MERGED\""));
        actions.put("B", (dir, attempt) -> write(dir.resolve("b.txt"), "changed by B\n"));

        runAll(worker("w1", always(ConflictStrategy.REBASE, Optional.empty())));

        assertThat(task("A").fields()).containsEntry("merge", "merged");
        assertThat(task("B").status()).isEqualTo("done");
        assertThat(events(EventType.MERGE)).as("the lost merge event, written once, then B's own").extracting(Event::task)
                .containsExactly("A", "B");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(1, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
