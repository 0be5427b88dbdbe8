package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How fast a lock whose holder was SIGKILLed is taken over. The holder is a real JVM holding the
 * lock with the default 30 s lease, so only the liveness check (pid and start time) can free it.
 *
 * <p><b>Next attempt.</b> Once the holder's death is known (its exit was reaped), this JVM calls
 * {@code tryAcquire}: the time of that call, which finds the holder dead, drops its entry and takes
 * the lock. Repeated {@code --rounds} times (default 20) after a warm-up of the same call on a free lock.
 *
 * <p><b>Waiting acquirer.</b> Another JVM waits in {@code acquire()} for 0.5 to 1.5 s, long enough
 * for its back-off to reach the 100 ms cap; then the holder is SIGKILLed. The figure is from the
 * instant before the kill to the instant the waiter's {@code acquire()} returns. A kill changes no
 * file in the lock directory, so no file event wakes the waiter: it notices at its next back-off
 * wake-up, so the figure is bounded by the back-off cap plus one attempt.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.wvo.bench.TakeoverBenchmark [--rounds N]}
 */
public final class TakeoverBenchmark {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int WARM_UP = 5000;

    private TakeoverBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = new BenchArgs(args).integer("rounds", 20);
        Path dir = BenchDirectory.create("takeover-");
        try {
            MachineDescription.print("TakeoverBenchmark", dir);
            nextAttempt(dir.resolve("next-attempt-locks"), rounds);
            waitingAcquirer(dir.resolve("waiting-locks"), rounds);
        } finally {
            BenchDirectory.delete(dir);
        }
    }

    private static void nextAttempt(Path lockDir, int rounds) throws Exception {
        System.out.printf("%n## next attempt after the holder's death is known, %d rounds%n", rounds);
        long[] takeover = new long[rounds];
        int extraAttempts = 0;
        try (FileLockManager manager = FileLockManager.builder(lockDir).owner("takeover-benchmark")
                .listener(new QuietLockListener()).releaseOnShutdown(false).build()) {
            for (int i = 0; i < WARM_UP; i++) {
                manager.tryAcquire(LockParticipant.RESOURCE, LockMode.EXCLUSIVE).orElseThrow().release();
            }
            for (int round = 0; round < rounds; round++) {
                try (ChildJvm holder = ChildJvm.start("holder", LockParticipant.class, List.of("hold", lockDir.toString()))) {
                    holder.await("held", TIMEOUT);
                    holder.kill();
                    holder.awaitExit(TIMEOUT);
                    long start = System.nanoTime();
                    Optional<LockHandle> handle = manager.tryAcquire(LockParticipant.RESOURCE, LockMode.EXCLUSIVE);
                    while (handle.isEmpty()) {
                        extraAttempts++;
                        handle = manager.tryAcquire(LockParticipant.RESOURCE, LockMode.EXCLUSIVE);
                    }
                    takeover[round] = System.nanoTime() - start;
                    handle.get().release();
                }
            }
        }
        System.out.println("tryAcquire() that takes over from a dead holder: " + Percentiles.of(takeover).toMillis());
        System.out.println("attempts that still saw the holder alive: " + extraAttempts);
        System.out.println("per round (ms): " + millis(takeover));
    }

    private static void waitingAcquirer(Path lockDir, int rounds) throws Exception {
        System.out.printf("%n## waiting acquirer notices a SIGKILLed holder, %d rounds%n", rounds);
        long[] noticed = new long[rounds];
        long[] reaped = new long[rounds];
        try (ChildJvm waiter = ChildJvm.start("waiter", LockParticipant.class, List.of("wait", lockDir.toString()))) {
            waiter.await("ready", TIMEOUT);
            for (int round = 0; round < rounds; round++) {
                try (ChildJvm holder = ChildJvm.start("holder", LockParticipant.class, List.of("hold", lockDir.toString()))) {
                    holder.await("held", TIMEOUT);
                    waiter.send("acquire");
                    waiter.await("waiting", TIMEOUT);
                    Thread.sleep(500 + ThreadLocalRandom.current().nextLong(1000));
                    long killedAt = WallClock.epochNanos();
                    holder.kill();
                    holder.awaitExit(TIMEOUT);
                    reaped[round] = WallClock.epochNanos() - killedAt;
                    long acquiredAt = Long.parseLong(waiter.await("acquired", TIMEOUT).split(" ")[1]);
                    noticed[round] = acquiredAt - killedAt;
                }
            }
            waiter.send("quit");
        }
        System.out.println("SIGKILL -> waiting acquire() returned: " + Percentiles.of(noticed).toMillis());
        System.out.println("SIGKILL -> holder's exit reaped by this JVM: " + Percentiles.of(reaped).toMillis());
        long[] afterExit = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            afterExit[i] = noticed[i] - reaped[i];
        }
        // negative where the waiter saw the death before this JVM reaped the exit
        System.out.println("holder's exit reaped -> waiting acquire() returned: " + Percentiles.of(afterExit).toMillis());
        System.out.println("per round (ms): " + millis(noticed));
    }

    private static String millis(long[] nanos) {
        StringBuilder text = new StringBuilder();
        for (long n : nanos) {
            text.append(String.format("%.1f ", n / 1e6));
        }
        return text.toString().strip();
    }
}
