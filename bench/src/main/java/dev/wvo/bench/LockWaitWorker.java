package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * One process of {@link LockWaitBenchmark}: on {@code run ROUNDS HOLD_MS} it takes the lock
 * {@code roadmap} exclusively ROUNDS times, each time keeping its thread busy for HOLD_MS of CPU
 * while it holds it (a transaction's work), and reports {@code done PROCESS_CPU_NANOS} followed by
 * {@code CPU_NANOS,WALL_NANOS,TOKEN,ACQUIRED_AT,RELEASING_AT} of each {@code acquire()} (the
 * calling thread's CPU, how long it waited, the fencing token, and the machine's real-time clock
 * when {@code acquire()} returned and when {@code release()} was called: {@link WallClock}), then
 * waits for the next command or {@code quit}.
 *
 * <p>Arguments: {@code LOCK_DIR WORKER_ID}. It holds its presence lock {@code worker:<id>} as a
 * worker does, so that the directory has the locks a worker's has.
 */
public final class LockWaitWorker {

    private LockWaitWorker() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        com.sun.management.OperatingSystemMXBean process =
                ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        try (FileLockManager locks = FileLockManager.builder(Path.of(args[0])).owner(args[1])
                .listener(new QuietLockListener()).build()) {
            LockHandle presence = locks.acquire("worker:" + args[1], LockMode.EXCLUSIVE, Duration.ofSeconds(10));
            out.println("ready");
            for (String command; (command = commands.readLine()) != null && !command.equals("quit"); ) {
                String[] words = command.split(" ");
                int rounds = Integer.parseInt(words[1]);
                long holdNanos = Long.parseLong(words[2]) * 1_000_000;
                long processStart = process.getProcessCpuTime();
                StringJoiner waits = new StringJoiner(" ");
                for (int i = 0; i < rounds; i++) {
                    long cpu = threads.getCurrentThreadCpuTime();
                    long wall = System.nanoTime();
                    LockHandle lock = locks.acquire("roadmap", LockMode.EXCLUSIVE, Duration.ofMinutes(2));
                    long acquiredAt = WallClock.epochNanos();
                    long end = threads.getCurrentThreadCpuTime();
                    long waited = System.nanoTime() - wall;
                    while (threads.getCurrentThreadCpuTime() < end + holdNanos) {
                        Thread.onSpinWait(); // the holder's work: CPU, as a transaction's
                    }
                    long releasingAt = WallClock.epochNanos();
                    lock.release();
                    waits.add((end - cpu) + "," + waited + "," + lock.token() + "," + acquiredAt + "," + releasingAt);
                }
                out.println("done " + (process.getProcessCpuTime() - processStart) + " " + waits);
            }
            presence.release();
        }
    }
}
