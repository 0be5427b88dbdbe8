package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
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
    void aReleaseThatLeavesWaitersInTheRecordTouchesTheWakeFile() throws Exception {
        LockHandle first = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Long> b = takeOnce(sim.process("b", 102));
        awaitWaiters(1);
        first.release();
        assertThat(wakeFile).exists();
        assertThat(b.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isGreaterThan(first.token());

        // the next release with a waiter sets the file's time (here back from the past, to see it move)
        Files.setLastModifiedTime(wakeFile, FileTime.fromMillis(0));
        LockHandle second = sim.process("a", 101).tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        CompletableFuture<Long> c = takeOnce(sim.process("c", 103));
        awaitWaiters(1);
        second.release();
        assertThat(Files.getLastModifiedTime(wakeFile).toMillis()).isPositive();
        c.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
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
