package dev.wvo.lock;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No lost wake-up: exclusive waiters in other processes sleep until the resource's wake file or
 * their process's own changes (or their back-off pause ends), so every step that turns a recorded
 * waiter into the one that can take the lock (no holder left in the record, no entry before its
 * own) must touch one of the two, and the resource's when that waiter's process is dead (the
 * waiter behind it drops it). Random interleavings of acquisitions, releases, waiters queueing (entries
 * written as a waiting process in another JVM writes them), crashes, expiries, renewals and
 * breaks, on simulated processes sharing one lock directory; checked after every step on the
 * records the step read and wrote.
 */
class WakeFileProperties {

    private static final String RESOURCE = "res";
    private static final int PROCESSES = 4;

    enum Kind { TRY_EXCLUSIVE, TRY_SHARED, RELEASE, QUEUE_WAITER, KILL, EXPIRE, RENEW_ALL, BREAK }

    record Step(Kind kind, int process) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, PROCESSES - 1))
                .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void everyStepThatLetsARecordedWaiterInTouchesTheWakeFile(@ForAll("steps") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("wake-properties");
        try (SimulatedProcesses sim = new SimulatedProcesses(dir.resolve("locks"))) {
            List<FileLockManager> managers = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                managers.add(sim.process("p" + p, 101 + p));
            }
            LockFiles files = new LockFiles(sim.directory.toRealPath());
            LockFiles.Paths paths = files.pathsOf(RESOURCE);
            Path wakeFile = files.wakeDirectory().resolve(paths.encoded());
            Map<Integer, List<LockHandle>> held = new HashMap<>();

            for (Step s : steps) {
                long pid = 101 + s.process();
                if (s.kind() == Kind.QUEUE_WAITER) {
                    // a waiting process of another JVM adds its entry at the end of the queue (its own attempt, 4.1 step 6)
                    if (!sim.dead.contains(pid)) {
                        LockRecord.Waiter entry = new LockRecord.Waiter("p" + s.process(), UUID.randomUUID().toString(),
                                simulated(pid), sim.clock.instant());
                        if (files.read(paths.lock()) instanceof LockFiles.Present present) {
                            List<LockRecord.Waiter> waiting = new ArrayList<>(present.record().waiting());
                            waiting.add(entry);
                            files.replace(paths, present.record().withWaiting(waiting));
                        } else {
                            files.create(paths.lock(), new LockRecord(RESOURCE, LockMode.EXCLUSIVE, List.of(), List.of(entry)));
                        }
                    }
                    continue;
                }
                LockRecord before = record(files, paths);
                // every wake file back to the past: the resource's, and those of each process
                Map<Path, Boolean> existedBefore = new HashMap<>();
                for (int p = 0; p < PROCESSES; p++) {
                    Path mine = files.wakeFileOf(paths.encoded(), simulated(101 + p));
                    existedBefore.put(mine, resetIfThere(mine));
                }
                existedBefore.put(wakeFile, resetIfThere(wakeFile));
                FileLockManager m = managers.get(s.process());
                switch (s.kind()) {
                    case TRY_EXCLUSIVE, TRY_SHARED -> {
                        if (!sim.dead.contains(pid)) {
                            m.tryAcquire(RESOURCE, s.kind() == Kind.TRY_SHARED ? LockMode.SHARED : LockMode.EXCLUSIVE)
                                    .ifPresent(h -> held.computeIfAbsent(s.process(), k -> new ArrayList<>()).add(h));
                        }
                    }
                    case RELEASE -> {
                        List<LockHandle> mine = held.getOrDefault(s.process(), List.of());
                        if (!sim.dead.contains(pid) && !mine.isEmpty()) {
                            mine.remove(0).release();
                        }
                    }
                    case KILL -> sim.dead.add(pid);
                    case EXPIRE -> sim.clock.advance(SimulatedProcesses.LEASE.plus(Duration.ofSeconds(1)));
                    case RENEW_ALL -> {
                        if (!sim.dead.contains(pid)) {
                            m.renewAll();
                        }
                    }
                    case BREAK -> m.breakLock(RESOURCE, false);
                    default -> throw new IllegalStateException(s.kind().toString());
                }
                LockRecord after = record(files, paths);
                if (letsAWaiterIn(before, after)) {
                    // the head's process hears of it: by its own wake file, or by the resource's, which every waiter hears;
                    // a head whose process died hears nothing, so then the waiters behind it must (they drop it)
                    ProcessRef head = after.waiting().get(0).process();
                    Path headsFile = files.wakeFileOf(paths.encoded(), head);
                    boolean everyone = touched(wakeFile, existedBefore.get(wakeFile));
                    boolean told = everyone || (!sim.dead.contains(head.pid()) && touched(headsFile, existedBefore.get(headsFile)));
                    assertThat(told).as("after %s: %s became %s, and the head's process was not told", s, before, after).isTrue();
                }
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }


    /** The process a {@link SimulatedProcesses} manager of {@code pid} is. */
    private static ProcessRef simulated(long pid) {
        return new ProcessRef(SimulatedProcesses.HOST, pid, java.time.Instant.EPOCH);
    }

    /** Sets the file's time to the epoch if it is there; whether it was. */
    private static boolean resetIfThere(Path file) throws java.io.IOException {
        if (Files.exists(file)) {
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
            return true;
        }
        return false;
    }

    private static boolean touched(Path file, boolean existedBefore) throws java.io.IOException {
        return Files.exists(file) && (!existedBefore || Files.getLastModifiedTime(file).toMillis() != 0);
    }

    /** The record's head of the queue can take the lock after the step and could not before (as written, not as judged). */
    private static boolean letsAWaiterIn(LockRecord before, LockRecord after) {
        if (after == null || !after.holders().isEmpty() || after.waiting().isEmpty()) {
            return false;
        }
        String head = after.waiting().get(0).waitId();
        boolean headBefore = before != null && before.holders().isEmpty() && !before.waiting().isEmpty()
                && before.waiting().get(0).waitId().equals(head);
        return !headBefore;
    }

    private static LockRecord record(LockFiles files, LockFiles.Paths paths) throws java.io.IOException {
        return files.readUnguarded(paths) instanceof LockFiles.Present present ? present.record() : null;
    }
}
