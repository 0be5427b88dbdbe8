package dev.wvo.lock.process;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A group of {@link CounterIncrementer} JVMs on one lock directory and one counter, as the
 * tests drive them: start, kill at random moments, restart the killed with the increments they
 * have not logged yet, and read back what every process logged.
 *
 * <p>Each slot is one logical worker; every run of it (first start and each restart after a
 * kill) is a separate process with its own log file, so a killed process never shares a log
 * with its successor.
 */
final class IncrementerFleet implements AutoCloseable {

    /** Increments for a slot that runs until the stop file appears. */
    static final int UNTIL_STOPPED = Integer.MAX_VALUE;

    private static final Duration POLL = Duration.ofMillis(2);

    private final Path lockDir;
    private final Path workDir;
    private final Path logDir;
    private final Duration lease;
    private final List<Slot> slots = new ArrayList<>();
    private final CounterFile counter;
    private int kills;

    IncrementerFleet(Path root, Duration lease) throws IOException {
        this.lockDir = Files.createDirectories(root.resolve("locks"));
        this.workDir = Files.createDirectories(root.resolve("work"));
        this.logDir = Files.createDirectories(root.resolve("logs"));
        this.lease = lease;
        this.counter = new CounterFile(workDir);
    }

    /** One logical worker that owes {@code quota} logged increments. */
    final class Slot {
        private final String name;
        private final int quota;
        private final Path locks;
        private Process process;
        private int runs;
        private boolean killed;

        private Slot(String name, int quota, Path locks) {
            this.name = name;
            this.quota = quota;
            this.locks = locks;
        }

        boolean isRunning() {
            return process != null && process.isAlive();
        }

        long pid() {
            return process.pid();
        }

        private long remaining() {
            return quota == UNTIL_STOPPED ? UNTIL_STOPPED : quota - logsOf(name).doneCount();
        }

        private void start(String mode) {
            runs++;
            killed = false;
            Path log = logDir.resolve(name + "-" + runs + ".log");
            List<String> command = List.of(javaBinary(),
                    // small, quick JVMs: eight of them share two cores with the test
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"),
                    CounterIncrementer.class.getName(),
                    locks.toString(), workDir.toString(), log.toString(),
                    Long.toString(remaining()), Long.toString(lease.toMillis()), mode);
            try {
                process = new ProcessBuilder(command)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(name + ".out").toFile()))
                        .redirectErrorStream(true)
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start " + command, e);
            }
        }
    }

    /** Starts a worker that increments {@code quota} times in total (across restarts). */
    Slot start(String name, int quota) {
        return start(name, quota, "work", lockDir);
    }

    /** Starts a worker whose first acquisition stays inside until it is killed or its stdin closes. */
    Slot startHolding(String name) {
        return start(name, 1, "hold", lockDir);
    }

    /** Starts a worker that pushes a live process out of the witness instead of failing (logged as overlap). */
    Slot startLenient(String name, int quota) {
        return start(name, quota, "lenient", lockDir);
    }

    /**
     * Starts a worker with a lock directory of its own, so that it excludes nobody: the control
     * that shows the witness does catch processes inside together.
     */
    Slot startWithPrivateLocks(String name) {
        return start(name, UNTIL_STOPPED, "work", lockDir.resolve(name));
    }

    private Slot start(String name, int quota, String mode, Path locks) {
        Slot slot = new Slot(name, quota, locks);
        slots.add(slot);
        slot.start(mode);
        return slot;
    }

    Path lockDir() {
        return lockDir;
    }

    List<Slot> slots() {
        return List.copyOf(slots);
    }

    int kills() {
        return kills;
    }

    CounterFile.Value counter() {
        try {
            return counter.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pid in the witness file, if a process is (or died) inside the critical section. */
    Optional<Long> pidInside() {
        try {
            String witness = Files.readString(workDir.resolve("inside"), StandardCharsets.US_ASCII);
            return Optional.of(Long.parseLong(witness.split(" ")[0]));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** SIGKILLs the slot's process (Process.destroyForcibly is SIGKILL on Linux) and waits until it is gone. */
    void kill(Slot slot) throws InterruptedException {
        slot.process.destroyForcibly();
        slot.process.waitFor();
        slot.killed = true;
        kills++;
    }

    /** Stops the slot's process with SIGSTOP: it stays alive but runs no thread, heartbeats included. */
    void pause(Slot slot) throws IOException, InterruptedException {
        signal(slot, "-STOP");
    }

    /** Lets a paused process run again (SIGCONT). */
    void resume(Slot slot) throws IOException, InterruptedException {
        signal(slot, "-CONT");
    }

    /** Closes the process's standard input, which lets a holding worker go on from inside. */
    void letGo(Slot slot) throws IOException {
        slot.process.getOutputStream().close();
    }

    private static void signal(Slot slot, String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(slot.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + slot.pid() + " failed with exit " + kill.exitValue());
        }
    }

    /** The exit code of the slot's process, once it has exited. */
    int awaitExit(Slot slot, Duration timeout) throws InterruptedException {
        if (!slot.process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new AssertionError(slot.name + " (pid " + slot.pid() + ") still running after " + timeout);
        }
        return slot.process.exitValue();
    }

    /** Starts the slot again with the increments it has not logged yet, if any. */
    void restart(Slot slot) {
        if (slot.remaining() > 0) {
            slot.start("work");
        }
    }

    /** Where a kill lands. */
    enum Target {
        /** Any running worker, whatever it is doing: starting, waiting, inside, between increments. */
        ANY_WORKER,
        /** The worker the witness shows inside the critical section, holding the lock. */
        HOLDER
    }

    /**
     * Lets the counter move a random 1 to {@code maxStep} increments, then SIGKILLs a worker,
     * restarts it, and waits until the counter moves again.
     *
     * @return how long the counter stood still after the kill, or empty if nobody was killed
     *         (the chosen worker finished first, or every worker has)
     */
    Optional<Duration> killAtRandom(Random random, int maxStep, Target target, Duration patience)
            throws InterruptedException {
        List<Slot> running = slots.stream().filter(Slot::isRunning).toList();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        long step = counter().count() + 1 + random.nextInt(maxStep);
        await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> counter().count() >= step || slots.stream().noneMatch(Slot::isRunning));
        Optional<Slot> victim = target == Target.ANY_WORKER
                ? Optional.of(running.get(random.nextInt(running.size())))
                : awaitHolder(patience);
        if (victim.isEmpty() || !victim.get().isRunning()) {
            return Optional.empty();
        }
        kill(victim.get());
        long countAtKill = counter().count();
        long killedAt = System.nanoTime();
        restart(victim.get());
        await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(() -> counter().count() > countAtKill || slots.stream().noneMatch(Slot::isRunning));
        return Optional.of(Duration.ofNanos(System.nanoTime() - killedAt));
    }

    /** The running worker the witness shows inside, once there is one (empty when all have finished). */
    private Optional<Slot> awaitHolder(Duration patience) {
        return await().atMost(patience).pollDelay(Duration.ZERO).pollInterval(POLL)
                .until(this::runningWorkerInside,
                        inside -> inside.isPresent() || slots.stream().noneMatch(Slot::isRunning));
    }

    private Optional<Slot> runningWorkerInside() {
        return pidInside().flatMap(pid -> slots.stream().filter(s -> s.isRunning() && s.pid() == pid).findFirst());
    }

    /**
     * Removes what killed workers left in the lock directory: temp files of records they wrote
     * but never linked or renamed.
     *
     * @return how many files were removed
     */
    int cleanLockLeftovers() {
        try (FileLockManager observer = observer()) {
            return observer.cleanLeftovers();
        }
    }

    /** Whether the lock can be taken at once: no dead holder, dead waiter or debris keeps it. */
    boolean lockIsFree() {
        try (FileLockManager observer = observer()) {
            return observer.tryAcquire(CounterIncrementer.RESOURCE, LockMode.EXCLUSIVE).map(LockHandle::release)
                    .orElse(false);
        }
    }

    private FileLockManager observer() {
        return FileLockManager.builder(lockDir).releaseOnShutdown(false).build();
    }

    /** Asks every worker to stop before its next increment. */
    void stopAll() throws IOException {
        Files.createFile(workDir.resolve(CounterIncrementer.STOP_FILE));
    }

    /**
     * Waits until every current process has exited; returns those that did not exit 0, apart
     * from processes this fleet killed and did not restart.
     */
    List<String> awaitAllExited(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> bad = new ArrayList<>();
        for (Slot slot : slots) {
            long left = Math.max(0, deadline - System.nanoTime());
            if (slot.killed) {
                continue;
            }
            if (!slot.process.waitFor(left, TimeUnit.NANOSECONDS)) {
                bad.add(slot.name + " (pid " + slot.pid() + ") still running after " + timeout);
            } else if (slot.process.exitValue() != 0) {
                bad.add(slot.name + " (pid " + slot.pid() + ") exited " + slot.process.exitValue()
                        + ": " + output(slot));
            }
        }
        return bad;
    }

    /** The failures the workers reported (overlap, fencing), one line each. */
    List<String> failures() throws IOException {
        Path dir = workDir.resolve("failures");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName() + ": " + readQuietly(f).strip()).sorted().toList();
        }
    }

    /** Everything every process logged. */
    IncrementerLogs logs() {
        return logsOf("");
    }

    private IncrementerLogs logsOf(String slotName) {
        try (Stream<Path> files = Files.list(logDir)) {
            List<Path> logs = files.filter(f -> f.getFileName().toString().endsWith(".log"))
                    .filter(f -> slotName.isEmpty() || f.getFileName().toString().startsWith(slotName + "-"))
                    .toList();
            return IncrementerLogs.parse(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String output(Slot slot) {
        return readQuietly(logDir.resolve(slot.name + ".out"));
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Kills whatever still runs, so that a failed test leaves no JVMs behind. */
    @Override
    public void close() throws InterruptedException {
        for (Slot slot : slots) {
            if (slot.process != null && slot.process.isAlive()) {
                slot.process.destroyForcibly();
                slot.process.waitFor();
            }
        }
    }
}
