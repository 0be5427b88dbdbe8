package dev.wvo.bench;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One process of the multi-process harnesses ({@link HandoffBenchmark}, {@link TakeoverBenchmark}),
 * started by them in its own JVM. It reports on stdout, one line per event, times as
 * {@link WallClock#epochNanos()}; it takes commands on stdin. Each first runs 5000 uncontended
 * acquire + release on another resource, so that what is measured runs compiled.
 *
 * <ul>
 *   <li>{@code pingpong DIR BOARD LAST_TOKEN HOLD_MIN_US HOLD_MAX_US OUT}: after {@code go}, takes the
 *       lock with {@code acquire()}, holds it for a random time, releases it, waits until another
 *       process took it, and again, until the fencing token passes {@code LAST_TOKEN}; writes
 *       {@code token acquiredAt releaseCalledAt releaseReturnedAt} lines to {@code OUT}.</li>
 *   <li>{@code hold DIR}: takes the lock, reports {@code held TOKEN}, and holds it until the
 *       command {@code release} (or until killed).</li>
 *   <li>{@code wait DIR}: on each command {@code acquire} reports {@code waiting}, waits in
 *       {@code acquire()}, reports {@code acquired AT TOKEN}, releases; {@code quit} ends it.</li>
 * </ul>
 */
public final class LockParticipant {

    static final String RESOURCE = "bench/handoff";
    private static final String WARM_UP_RESOURCE = "bench/warm-up";
    private static final int WARM_UP_ACQUISITIONS = 5000;
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(120);

    private final PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    private final BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private LockParticipant() {
    }

    public static void main(String[] args) throws Exception {
        LockParticipant participant = new LockParticipant();
        switch (args[0]) {
            case "pingpong" -> participant.pingPong(Path.of(args[1]), Path.of(args[2]), Long.parseLong(args[3]),
                    Long.parseLong(args[4]), Long.parseLong(args[5]), Path.of(args[6]));
            case "hold" -> participant.hold(Path.of(args[1]));
            case "wait" -> participant.serveWaits(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /**
     * A manager whose code paths are compiled: a benchmark of hand-offs between long-running
     * workers should not measure the first, interpreted runs of a fresh JVM.
     */
    private static FileLockManager warmManager(Path lockDir) {
        FileLockManager manager = FileLockManager.builder(lockDir)
                .owner("bench-" + ProcessHandle.current().pid())
                .listener(new QuietLockListener())
                .build();
        for (int i = 0; i < WARM_UP_ACQUISITIONS; i++) {
            manager.tryAcquire(WARM_UP_RESOURCE, LockMode.EXCLUSIVE).ifPresent(LockHandle::release);
        }
        return manager;
    }

    private void pingPong(Path lockDir, Path boardFile, long lastToken, long holdMinMicros, long holdMaxMicros,
                          Path output) throws Exception {
        HandoffBoard board = HandoffBoard.open(boardFile);
        List<String> records = new ArrayList<>();
        try (FileLockManager manager = warmManager(lockDir)) {
            out.println("ready");
            expect("go");
            while (!board.stopped()) {
                LockHandle handle = manager.acquire(RESOURCE, LockMode.EXCLUSIVE, ACQUIRE_TIMEOUT);
                long acquiredAt = WallClock.epochNanos();
                long token = handle.token();
                board.announce(token);
                if (board.stopped() || token > lastToken) {
                    board.stop();
                    handle.release();
                    records.add(token + " " + acquiredAt + " 0 0");
                    break;
                }
                LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(holdMinMicros, holdMaxMicros + 1) * 1000);
                long releaseCalledAt = WallClock.epochNanos();
                handle.release();
                long releaseReturnedAt = WallClock.epochNanos();
                records.add(token + " " + acquiredAt + " " + releaseCalledAt + " " + releaseReturnedAt);
                // Compete again only after another process had its turn: a releaser that barges
                // back in would hide slow hand-offs instead of measuring them.
                while (board.token() == token && !board.stopped()) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
        }
        Files.write(output, records);
        out.println("done " + records.size());
    }

    private void hold(Path lockDir) throws Exception {
        try (FileLockManager manager = warmManager(lockDir)) {
            LockHandle handle = manager.acquire(RESOURCE, LockMode.EXCLUSIVE, ACQUIRE_TIMEOUT);
            out.println("held " + handle.token());
            expect("release");
            out.println("releasing " + WallClock.epochNanos());
            handle.release();
            out.println("released " + WallClock.epochNanos());
        }
    }

    private void serveWaits(Path lockDir) throws Exception {
        try (FileLockManager manager = warmManager(lockDir)) {
            out.println("ready");
            String command;
            while ((command = commands.readLine()) != null && !command.equals("quit")) {
                if (!command.equals("acquire")) {
                    throw new IllegalArgumentException("unknown command " + command);
                }
                out.println("waiting " + WallClock.epochNanos());
                LockHandle handle = manager.acquire(RESOURCE, LockMode.EXCLUSIVE, ACQUIRE_TIMEOUT);
                out.println("acquired " + WallClock.epochNanos() + " " + handle.token());
                handle.release();
            }
        }
    }

    private void expect(String command) throws IOException {
        String line = commands.readLine();
        if (!command.equals(line)) {
            throw new IllegalStateException("expected command '" + command + "', got " + line);
        }
    }
}
