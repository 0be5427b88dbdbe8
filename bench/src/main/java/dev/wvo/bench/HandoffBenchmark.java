package dev.wvo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hand-off latency of an exclusive lock between real processes, and what waiting costs them.
 *
 * <p><b>Ping-pong.</b> {@code --participants} JVMs (default 2) pass one lock around: each takes it
 * with {@code acquire()}, holds it for a random {@code --hold-ms} (default 2-12), releases it, and
 * competes again only once another process took it. A hand-off is a pair of consecutive fencing
 * tokens; its latency is from the instant the releaser calls {@code release()} to the instant the
 * next holder's {@code acquire()} returns, both read from the machine's real-time clock, which all
 * processes share ({@link WallClock}). The first {@code --warmup} hand-offs (default 300, cold JIT)
 * are dropped; {@code --handoffs} (default 3000) are measured.
 *
 * <p><b>Idle waiting.</b> One JVM holds the lock while {@code --idle-waiters} JVMs (default 2) wait
 * in {@code acquire()}; after 2 s (their back-off has reached its cap) their CPU time is read
 * for {@code --idle-seconds} (default 10), in {@code --idle-rounds} (default 3; 0 skips this part)
 * with the same waiting JVMs, and reported per second of waiting, next to the
 * holder's, an idle JVM that holds a lock. Then the holder releases, and the latency until the
 * first waiter gets the lock is a hand-off after a long wait, where only the file watcher can wake
 * the waiter early.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.wvo.bench.HandoffBenchmark [--name value]...}
 */
public final class HandoffBenchmark {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private HandoffBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = new BenchArgs(args);
        Path dir = BenchDirectory.create("handoff-");
        try {
            MachineDescription.print("HandoffBenchmark", dir);
            pingPong(dir, options.integer("participants", 2), options.integer("handoffs", 3000),
                    options.integer("warmup", 300), options.range("hold-ms", 2, 12));
            idleWaiting(dir, options.integer("idle-waiters", 2), options.integer("idle-seconds", 10),
                    options.integer("idle-rounds", 3));
        } finally {
            BenchDirectory.delete(dir);
        }
    }

    private static void pingPong(Path dir, int participants, int handoffs, int warmup, long[] holdMs) throws Exception {
        Path lockDir = dir.resolve("pingpong-locks");
        Path board = dir.resolve("board");
        long lastToken = warmup + handoffs + 1L;
        System.out.printf("%n## ping-pong: %d processes, %d hand-offs after %d warm-up, hold %d-%d ms%n",
                participants, handoffs, warmup, holdMs[0], holdMs[1]);
        List<ChildJvm> jvms = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < participants; i++) {
                Path output = dir.resolve("pingpong-" + i + ".txt");
                outputs.add(output);
                jvms.add(ChildJvm.start("pingpong-" + i, LockParticipant.class, List.of("pingpong",
                        lockDir.toString(), board.toString(), Long.toString(lastToken), Long.toString(holdMs[0] * 1000),
                        Long.toString(holdMs[1] * 1000), output.toString())));
            }
            for (ChildJvm jvm : jvms) {
                jvm.await("ready", START_TIMEOUT);
            }
            long started = System.nanoTime();
            jvms.forEach(jvm -> jvm.send("go"));
            Duration runTimeout = Duration.ofMillis(lastToken * holdMs[1] * 3 + 120_000);
            for (ChildJvm jvm : jvms) {
                jvm.await("done", runTimeout);
                jvm.awaitExit(START_TIMEOUT);
            }
            System.out.printf("ran %.1f s%n", (System.nanoTime() - started) / 1e9);
        } finally {
            jvms.forEach(ChildJvm::close);
        }
        report(readAcquisitions(outputs), warmup);
    }

    /** One acquisition in a ping-pong process's output. */
    private record Acquisition(int process, long token, long acquiredAt, long releaseCalledAt, long releaseReturnedAt) {
    }

    private static Map<Long, Acquisition> readAcquisitions(List<Path> outputs) throws IOException {
        Map<Long, Acquisition> byToken = new TreeMap<>();
        for (int p = 0; p < outputs.size(); p++) {
            for (String line : Files.readAllLines(outputs.get(p))) {
                String[] f = line.split(" ");
                Acquisition a = new Acquisition(p, Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]));
                if (byToken.put(a.token(), a) != null) {
                    throw new IllegalStateException("token " + a.token() + " handed out twice");
                }
            }
        }
        return byToken;
    }

    private static void report(Map<Long, Acquisition> byToken, int warmup) {
        List<Long> fromCall = new ArrayList<>();
        List<Long> fromReturn = new ArrayList<>();
        List<Long> releaseDurations = new ArrayList<>();
        int sameProcess = 0;
        for (Acquisition next : byToken.values()) {
            Acquisition previous = byToken.get(next.token() - 1);
            if (previous == null || previous.token() <= warmup || previous.releaseCalledAt() == 0) {
                continue;
            }
            if (previous.process() == next.process()) {
                sameProcess++;
            }
            fromCall.add(next.acquiredAt() - previous.releaseCalledAt());
            fromReturn.add(next.acquiredAt() - previous.releaseReturnedAt());
            releaseDurations.add(previous.releaseReturnedAt() - previous.releaseCalledAt());
        }
        long[] latencies = fromCall.stream().mapToLong(Long::longValue).toArray();
        Percentiles fromCallStats = Percentiles.of(latencies);
        System.out.println("hand-off, release() called -> acquire() returned: " + fromCallStats.toMillis());
        System.out.println("hand-off, release() returned -> acquire() returned: "
                + Percentiles.of(fromReturn.stream().mapToLong(Long::longValue).toArray()).toMillis());
        System.out.println("release() itself, with a waiter recorded in the lock: "
                + Percentiles.of(releaseDurations.stream().mapToLong(Long::longValue).toArray()).toMillis());
        System.out.printf("over 1 ms: %d, over 10 ms: %d, over 100 ms: %d; same process twice in a row: %d%n",
                count(latencies, 1_000_000), count(latencies, 10_000_000), count(latencies, 100_000_000), sameProcess);
        if (fromCallStats.min() < 0) {
            System.out.println("WARNING: a negative hand-off: the processes' clocks disagree; these figures are void");
        }
    }

    private static long count(long[] values, long above) {
        return Arrays.stream(values).filter(v -> v > above).count();
    }

    private static void idleWaiting(Path dir, int waiters, int seconds, int rounds) throws Exception {
        if (rounds <= 0) {
            return;
        }
        Path lockDir = dir.resolve("idle-locks");
        System.out.printf("%n## idle waiting: %d waiting processes, %d s measured after 2 s settling, %d rounds%n",
                waiters, seconds, rounds);
        List<ChildJvm> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < waiters; i++) {
                ChildJvm jvm = ChildJvm.start("waiter-" + i, LockParticipant.class, List.of("wait", lockDir.toString()));
                waiting.add(jvm);
                jvm.await("ready", START_TIMEOUT);
            }
            for (int round = 1; round <= rounds; round++) {
                idleRound(lockDir, waiting, seconds, round);
            }
            waiting.forEach(jvm -> jvm.send("quit"));
        } finally {
            waiting.forEach(ChildJvm::close);
        }
    }

    private static void idleRound(Path lockDir, List<ChildJvm> waiting, int seconds, int round) throws Exception {
        try (ChildJvm holder = ChildJvm.start("holder", LockParticipant.class, List.of("hold", lockDir.toString()))) {
            holder.await("held", START_TIMEOUT);
            for (ChildJvm jvm : waiting) {
                jvm.send("acquire");
                jvm.await("waiting", START_TIMEOUT);
            }
            Thread.sleep(2000);
            List<Duration> before = new ArrayList<>();
            List<Map<String, Double>> threadsBefore = new ArrayList<>();
            for (ChildJvm jvm : waiting) {
                before.add(jvm.cpuTime());
                threadsBefore.add(ThreadCpu.byThreadName(jvm.pid()));
            }
            Duration holderBefore = holder.cpuTime();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            StringBuilder cpu = new StringBuilder();
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < waiting.size(); i++) {
                double msPerSecond = waiting.get(i).cpuTime().minus(before.get(i)).toNanos() / 1e6 / elapsed;
                cpu.append(String.format("%s %.2f ms/s; ", waiting.get(i).name(), msPerSecond));
                threads.add(waiting.get(i).name() + " by thread: "
                        + ThreadCpu.perSecond(threadsBefore.get(i), ThreadCpu.byThreadName(waiting.get(i).pid()), elapsed));
            }
            double holderMsPerSecond = holder.cpuTime().minus(holderBefore).toNanos() / 1e6 / elapsed;
            // a random pause, so that the release does not fall in step with the waiters' back-off
            Thread.sleep(ThreadLocalRandom.current().nextLong(100));
            holder.send("release");
            long releaseCalledAt = Long.parseLong(holder.await("releasing", START_TIMEOUT).split(" ")[1]);
            long releaseReturnedAt = Long.parseLong(holder.await("released", START_TIMEOUT).split(" ")[1]);
            long firstAcquiredAt = Long.MAX_VALUE;
            for (ChildJvm jvm : waiting) {
                firstAcquiredAt = Math.min(firstAcquiredAt, Long.parseLong(jvm.await("acquired", START_TIMEOUT).split(" ")[1]));
            }
            holder.awaitExit(START_TIMEOUT);
            System.out.printf("round %d: CPU while waiting: %sholder (idle JVM holding the lock) %.2f ms/s; "
                    + "hand-off after the long wait %.3f ms from release() called, %.3f ms from release() returned%n",
                    round, cpu, holderMsPerSecond, (firstAcquiredAt - releaseCalledAt) / 1e6,
                    (firstAcquiredAt - releaseReturnedAt) / 1e6);
            threads.forEach(line -> System.out.println("  " + line));
        }
    }
}
