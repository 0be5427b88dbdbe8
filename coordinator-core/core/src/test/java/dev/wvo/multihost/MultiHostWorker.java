package dev.wvo.multihost;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.zookeeper.ZooKeeperLockManager;
import dev.wvo.fs.StateDir;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.AttemptEnd;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Completion;
import dev.wvo.schedule.Reclaimed;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.spi.WorkerOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A worker for the multi-host tests, run as its own JVM (its host is {@code WVO_HOST_ID}):
 * registers its presence, then claims, "works" and completes tasks of {@code <state>/roadmap.yaml}
 * until every task is done. The work of task T appends the worker's id to {@code <work>/T}; a task
 * whose id starts with {@code block} first waits until {@code <work>/release} exists, after saying
 * who runs it in {@code <work>/started-T}. A completion the scheduler refuses ends the worker with 3.
 *
 * <p>Arguments: {@code file|zookeeper STATE WORK WORKER_ID LIVENESS_MILLIS [CONNECT_STRING]}, where
 * LIVENESS is the file lease or the ZooKeeper session timeout.
 */
public final class MultiHostWorker {

    /** Exit status when the scheduler refused a completion: the claim had been taken from a live worker. */
    static final int COMPLETION_REFUSED = 3;
    /** Between two claim attempts that found nothing runnable: real workers poll too. */
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private MultiHostWorker() {
    }

    public static void main(String[] args) throws IOException {
        Path state = Path.of(args[1]);
        Path work = Path.of(args[2]);
        String worker = args[3];
        Duration liveness = Duration.ofMillis(Long.parseLong(args[4]));
        try (LockManager locks = open(args[0], state, worker, liveness, args.length > 5 ? args[5] : null)) {
            LockHandle presence = new WorkerPresence(locks).register(worker)
                    .orElseThrow(() -> new IllegalStateException("worker id " + worker + " is taken"));
            RoadmapStore roadmap = new RoadmapStore(new StateDir(state), locks);
            Scheduler scheduler = new Scheduler(new RoadmapBoardStore(roadmap), locks, Clock.systemUTC());
            WorkerOptions options = new WorkerOptions(worker, List.of(), List.of(), true, Map.of());
            while (!roadmap.read().tasks().stream().allMatch(t -> "done".equals(t.status()))) {
                Scheduler.ClaimResult result = scheduler.claimNext(presence, null, options);
                for (Reclaimed r : result.reclaimed()) {
                    System.out.println("reclaimed " + r.taskId() + " of " + r.worker());
                }
                Optional<ClaimedTask> claimed = result.claimed();
                if (claimed.isEmpty()) {
                    LockSupport.parkNanos(IDLE_POLL_NANOS);
                    continue;
                }
                String task = claimed.get().task().id();
                doWork(work, task, worker);
                Scheduler.CompletionResult done = scheduler.complete(claimed.get(), AttemptEnd.of(Completion.DONE, "by " + worker));
                if (!done.accepted()) {
                    System.err.println("completion of " + task + " refused: " + done.reason());
                    System.exit(COMPLETION_REFUSED);
                }
            }
            presence.release();
        }
    }

    private static LockManager open(String backend, Path state, String worker, Duration liveness, String connect) {
        return switch (backend) {
            case "file" -> FileLockManager.builder(state.resolve("locks")).owner(worker).lease(liveness).build();
            case "zookeeper" -> ZooKeeperLockManager.builder(connect).owner(worker).sessionTimeout(liveness)
                    .connectionTimeout(Duration.ofSeconds(30)).build();
            default -> throw new IllegalArgumentException("backend must be file or zookeeper: " + backend);
        };
    }

    private static void doWork(Path work, String task, String worker) throws IOException {
        if (task.startsWith("block")) {
            Files.writeString(work.resolve("started-" + task), worker);
            while (!Files.exists(work.resolve("release"))) {
                LockSupport.parkNanos(IDLE_POLL_NANOS);
            }
        }
        Files.writeString(work.resolve(task), worker + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The roadmap's tasks, for the test's checks. */
    static List<RoadmapTask> tasks(Path state) {
        return RoadmapReader.read(state.resolve("roadmap.yaml")).tasks();
    }
}
