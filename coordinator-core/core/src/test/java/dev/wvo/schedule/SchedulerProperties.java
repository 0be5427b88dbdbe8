package dev.wvo.schedule;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import dev.wvo.spi.WorkerOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several workers (threads, each with its own lock manager as a process would have) claim and
 * complete a random roadmap concurrently: no task is ever run by two workers at once, no two
 * overlapping writers run together, and every task ends done exactly once (or failed after its
 * attempts), never done twice.
 */
class SchedulerProperties {

    record Spec(int deps, int owns, boolean readonly, int priority, int failures) {
    }

    @Provide
    Arbitrary<List<Spec>> roadmaps() {
        Arbitrary<Spec> spec = Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 4),
                Arbitraries.of(true, false, false, false),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 3)).as(Spec::new);
        return spec.list().ofMinSize(1).ofMaxSize(20);
    }

    private static final List<String> PATHS = List.of("src/app", "src/app/Login.tsx", "src/**", "docs");

    @Property(tries = 40)
    void everyTaskEndsDoneExactlyOnce(@ForAll("roadmaps") List<Spec> specs, @ForAll @IntRange(min = 1, max = 4) int workers,
                                      @ForAll long seed) throws Exception {
        Path dir = Files.createTempDirectory("wvo-sched");
        List<TaskState> tasks = new ArrayList<>();
        Random random = new Random(seed);
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            List<String> deps = new ArrayList<>();
            for (int d = 0; d < s.deps() && i > 0; d++) {
                String dep = "t" + random.nextInt(i);
                if (!deps.contains(dep)) {
                    deps.add(dep);
                }
            }
            List<String> owns = s.owns() == PATHS.size() ? List.of() : List.of(PATHS.get(s.owns()));
            tasks.add(InMemoryBoard.task("t" + i, s.priority(), deps, owns, s.readonly(), i));
        }
        Map<String, Integer> failuresLeft = new ConcurrentHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            failuresLeft.put("t" + i, specs.get(i).failures());
        }
        InMemoryBoard board = new InMemoryBoard(tasks);
        Map<String, String> running = new ConcurrentHashMap<>();
        Map<String, TaskStateView> runningViews = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> doneCount = new ConcurrentHashMap<>();

        ExecutorService pool = Executors.newFixedThreadPool(workers);
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String worker = "w" + w;
            futures.add(pool.submit(() -> {
                try (FileLockManager locks = FileLockManager.builder(dir).owner(worker).releaseOnShutdown(false).build()) {
                    LockHandle presence = new WorkerPresence(locks).register(worker).orElseThrow();
                    Scheduler scheduler = new Scheduler(board, locks, Clock.systemUTC());
                    WorkerOptions options = new WorkerOptions(worker, List.of(), List.of(), true, Map.of());
                    while (!finished(board)) {
                        var claimed = scheduler.claimNext(presence, null, options).claimed();
                        if (claimed.isEmpty()) {
                            Thread.onSpinWait();
                            continue;
                        }
                        ClaimedTask task = claimed.get();
                        String id = task.task().id();
                        if (running.putIfAbsent(id, worker) != null) {
                            violations.add(id + " run by " + worker + " and " + running.get(id));
                        }
                        TaskStateView mine = new TaskStateView(task.task().owns(), task.task().readonly());
                        runningViews.forEach((other, view) -> {
                            if (!other.equals(id) && mine.overlaps(view)) {
                                violations.add(id + " overlaps " + other + " while both run");
                            }
                        });
                        runningViews.put(id, mine);
                        Thread.yield(); // widen the window in which a double run would be seen
                        boolean fail = failuresLeft.merge(id, -1, Integer::sum) >= 0;
                        runningViews.remove(id);
                        running.remove(id);
                        Scheduler.CompletionResult result = scheduler.complete(task,
                                AttemptEnd.of(fail ? Completion.FAILED : Completion.DONE, ""));
                        if (result.accepted() && "done".equals(result.newStatus())) {
                            doneCount.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    presence.release();
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());

        assertThat(violations).isEmpty();
        for (TaskState t : board.snapshot()) {
            int done = doneCount.getOrDefault(t.id(), new AtomicInteger()).get();
            assertThat(done).as("times %s was completed as done", t.id()).isLessThanOrEqualTo(1);
            if ("done".equals(t.status())) {
                assertThat(done).isEqualTo(1);
            } else {
                // never done: it failed, or it waits on a task that failed
                assertThat(t.status()).isIn("failed", "pending");
                assertThat(t.claim()).isNull();
            }
        }
    }

    /** True when nothing is in progress and nothing more can start. */
    private static boolean finished(InMemoryBoard board) {
        List<TaskState> tasks = board.snapshot();
        Runnability r = new Runnability(tasks);
        return tasks.stream().noneMatch(t -> "in_progress".equals(t.status()))
                && tasks.stream().allMatch(t -> r.blockerOf(t).isPresent());
    }

    record TaskStateView(List<String> owns, boolean readonly) {
        boolean overlaps(TaskStateView other) {
            if (readonly && other.readonly) {
                return false;
            }
            if (owns.isEmpty() && other.owns.isEmpty()) {
                return true;
            }
            if (owns.isEmpty() || other.owns.isEmpty()) {
                // the whole workspace: a writer of it excludes all; a reader of it shares with writers of named paths
                return !(owns.isEmpty() ? readonly : other.readonly);
            }
            return owns.stream().anyMatch(a -> other.owns.stream().anyMatch(b -> OwnershipPaths.overlap(a, b)));
        }
    }
}
