package dev.wvo.bench;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.AttemptEnd;
import dev.wvo.schedule.Claimant;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Completion;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.WorkerPresence;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * One worker of {@link ClaimContentionBenchmark}, in a JVM of its own: it claims and completes
 * through the {@link Scheduler} exactly as {@code wvo worker} does, on the command of the
 * benchmark, and reports how long each call took.
 *
 * <p>Arguments: {@code STATE_DIR WORKER_ID}. Commands on stdin: {@code claim} (reports
 * {@code claimed NANOS CPU_NANOS TASK HOLD}, or {@code -} for no task), {@code complete} (reports
 * {@code completed NANOS CPU_NANOS ACCEPTED PROCESS_CPU_NANOS HOLD}), {@code quit}. {@code HOLD} is
 * {@code START END TOKEN ACQUIRED RELEASING RELEASED HELD_CPU_NANOS RUNNABLE_NANOS CPU_BEFORE_NANOS}: the
 * call's start and end and its hold of the roadmap lock on {@link System#nanoTime()}, which all
 * processes of the machine share, the hold's CPU and the time its thread waited for a core in it,
 * and the thread's CPU before the hold (the lock's wait). CPU is the calling
 * thread's; the process CPU, of all the JVM's threads since it started, is reported after each
 * completion (lock waits, the file watcher, the heartbeat, the compiler and the collector).
 */
public final class ClaimContentionWorker {

    private ClaimContentionWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        String id = args[1];
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner(id)
                .listener(new QuietLockListener()).build()) {
            LockHandle presence = new WorkerPresence(locks).register(id)
                    .orElseThrow(() -> new IllegalStateException("worker id " + id + " is taken"));
            HeldLockCpu held = new HeldLockCpu(locks, RoadmapStore.LOCK);
            Scheduler scheduler = new Scheduler(new RoadmapBoardStore(new RoadmapStore(new StateDir(state), held)), held,
                    Clock.systemUTC());
            ClaimedTask current = null;
            out.println("ready");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean process =
                    ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
            for (String command; (command = commands.readLine()) != null && !command.equals("quit"); ) {
                long start = System.nanoTime();
                long cpu = threads.getCurrentThreadCpuTime();
                if (command.equals("claim")) {
                    Optional<ClaimedTask> claimed = scheduler.claimNext(Claimant.of(presence)).claimed();
                    long took = System.nanoTime() - start;
                    current = claimed.orElse(null);
                    out.println("claimed " + took + " " + (threads.getCurrentThreadCpuTime() - cpu) + " "
                            + claimed.map(c -> c.task().id()).orElse("-") + " " + hold(start, cpu, held));
                } else if (command.equals("complete")) {
                    boolean accepted = current != null
                            && scheduler.complete(current, AttemptEnd.of(Completion.DONE, "benchmark")).accepted();
                    out.println("completed " + (System.nanoTime() - start) + " " + (threads.getCurrentThreadCpuTime() - cpu)
                            + " " + accepted + " " + process.getProcessCpuTime() + " " + hold(start, cpu, held));
                    current = null;
                } else {
                    throw new IllegalArgumentException("unknown command " + command);
                }
            }
            presence.release();
        }
    }

    /** {@code START END TOKEN ACQUIRED RELEASING RELEASED HELD_CPU RUNNABLE CPU_BEFORE} of the call that started at {@code start}. */
    private static String hold(long start, long cpuAtStart, HeldLockCpu held) {
        long end = System.nanoTime();
        HeldLockCpu.Hold h = held.takeLast();
        return h == null ? start + " " + end + " -1 0 0 0 0 0 0"
                : start + " " + end + " " + h.token() + " " + h.acquired() + " " + h.releasing() + " " + h.released() + " "
                + h.cpu() + " " + h.runnable() + " " + (h.cpuAtAcquired() - cpuAtStart);
    }
}
