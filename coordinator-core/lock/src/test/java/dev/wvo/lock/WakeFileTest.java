package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Other processes' exclusive waiters hear of releases through the resource's wake file: a change
 * that may let a recorded waiter in touches it, an uncontended release does not (section 8).
 */
class WakeFileTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private SimulatedProcesses sim;
    private Path wakeFile;

    @BeforeEach
    void setUp() {
        sim = new SimulatedProcesses(dir.resolve("locks"));
        wakeFile = sim.directory.resolve(LockFiles.WAKE_DIRECTORY).resolve(ResourceNames.encode("res"));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    @Test
    void anUncontendedReleaseTouchesNothing() {
        FileLockManager a = sim.process("a", 101);
        a.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow().release();
        assertThat(wakeFile).doesNotExist();
    }

    @Test
    void aReleaseThatLeavesWaitersInTheRecordTouchesTheWakeFileOfTheHeadsProcessOnly() throws Exception {
        LockHandle first = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Long> b = takeOnce(sim.process("b", 102));
        awaitWaiters(1);
        first.release();
        // only the head of the queue can take the lock: the other processes' waiters sleep on
        Path headsWakeFile = wakeFileOf(102);
        assertThat(headsWakeFile).exists();
        assertThat(wakeFile).doesNotExist();
        assertThat(b.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isGreaterThan(first.token());

        // the next release to that process sets the file's time (here back from the past, to see it move)
        Files.setLastModifiedTime(headsWakeFile, FileTime.fromMillis(0));
        LockHandle second = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Long> c = takeOnce(sim.process("b", 102));
        awaitWaiters(1);
        second.release();
        assertThat(Files.getLastModifiedTime(headsWakeFile).toMillis()).isPositive();
        c.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aReleaseWhoseHeadWasNotRefreshedAsALiveWaitersIsTouchesTheWakeFileOfEveryWaiter() throws Exception {
        LockHandle first = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        // a waiter entry written 2 s ago and not refreshed since: its process may be gone
        queueEntryOf(102, sim.clock.instant().minusSeconds(2));
        first.release();
        assertThat(wakeFile).exists();
        assertThat(wakeFileOf(102)).doesNotExist();
    }

    @Test
    void aReleaseWhoseHeadIsAProcessThatDiedTouchesTheWakeFileOfEveryWaiter() throws Exception {
        LockHandle first = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        // a waiter entry refreshed just now by a process killed since: nobody would hear its own wake file
        queueEntryOf(102, sim.clock.instant());
        sim.dead.add(102L);
        first.release();
        // the waiter behind it can take the lock once it drops the dead entry: it must hear of the release
        assertThat(wakeFile).exists();
        assertThat(wakeFileOf(102)).doesNotExist();
    }

    /** Writes the queue of the record of "res" as the one entry of the simulated process {@code pid}, last refreshed at {@code refreshedAt}. */
    private void queueEntryOf(long pid, Instant refreshedAt) throws Exception {
        LockFiles.Paths paths = files().pathsOf("res");
        LockRecord record = ((LockFiles.Present) files().readGuarded(paths)).record();
        files().replace(paths, record.withWaiting(List.of(new LockRecord.Waiter("b", "wait-b", simulated(pid), refreshedAt))));
    }

    private Path wakeFileOf(long pid) {
        return files().wakeFileOf(ResourceNames.encode("res"), simulated(pid));
    }

    private LockFiles files() {
        return new LockFiles(sim.directory);
    }

    /** The process a {@link SimulatedProcesses} manager of {@code pid} is. */
    private static ProcessRef simulated(long pid) {
        return new ProcessRef(SimulatedProcesses.HOST, pid, Instant.EPOCH);
    }

    @Test
    void droppingADeadHolderThatKeptAWaiterOutTouchesTheWakeFile() throws Exception {
        sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Long> b = takeOnce(sim.process("b", 102));
        awaitWaiters(1);
        sim.dead.add(101L);
        // b's own attempt, at the end of a back-off pause, drops the dead holder and takes the
        // lock; an attempt that drops an entry tells the others in any case, since the one it kept
        // out may be a waiter ahead of the attempting process
        assertThat(b.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isPositive();
        assertThat(wakeFile).exists();
    }

    private CompletableFuture<Long> takeOnce(FileLockManager manager) {
        return CompletableFuture.supplyAsync(() -> {
            try (LockHandle lock = manager.acquire("res", LockMode.EXCLUSIVE, PATIENCE)) {
                return lock.token();
            } catch (LockTimeoutException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private void awaitWaiters(int count) {
        FileLockManager viewer = sim.process("viewer", 199);
        await().atMost(PATIENCE).until(() -> viewer.inspect("res").map(i -> i.waiting().size() == count).orElse(false));
    }
}
