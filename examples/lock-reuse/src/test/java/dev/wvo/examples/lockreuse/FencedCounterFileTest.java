package dev.wvo.examples.lockreuse;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The counter file refuses writes of holders whose lock was taken over. */
class FencedCounterFileTest {

    @TempDir
    Path dir;

    @Test
    void missingFile_readsAsZero() throws IOException {
        assertThat(new FencedCounterFile(dir.resolve("counter")).read()).isEqualTo(new FencedCounterFile.State(0, 0));
    }

    @Test
    void write_withSameOrLargerToken_isAccepted() throws Exception {
        FencedCounterFile counter = new FencedCounterFile(dir.resolve("counter"));
        counter.write(1, 5);
        counter.write(2, 5);
        counter.write(3, 9);
        assertThat(counter.read()).isEqualTo(new FencedCounterFile.State(3, 9));
    }

    @Test
    void lateWriteOfBrokenHolder_isRefused_andItsReleaseLeavesTheNewHolderAlone() throws Exception {
        FencedCounterFile counter = new FencedCounterFile(dir.resolve("counter"));
        try (FileLockManager paused = manager("paused"); FileLockManager next = manager("next")) {
            LockHandle old = paused.tryAcquire(GuardedCounter.RESOURCE, LockMode.EXCLUSIVE).orElseThrow();
            counter.write(1, old.token());

            // The old holder is taken to be gone (here by force), and the lock passes on.
            assertThat(next.breakLock(GuardedCounter.RESOURCE, true).outcome()).isEqualTo(BreakResult.Outcome.BROKEN);
            LockHandle current = next.tryAcquire(GuardedCounter.RESOURCE, LockMode.EXCLUSIVE).orElseThrow();
            assertThat(current.token()).isGreaterThan(old.token());
            counter.write(2, current.token());

            // The old holder wakes up and writes: refused, and the counter keeps the new holder's value.
            assertThatThrownBy(() -> counter.write(99, old.token()))
                    .isInstanceOf(FencedCounterFile.StaleTokenException.class)
                    .hasMessageContaining("token " + old.token());
            assertThat(counter.read()).isEqualTo(new FencedCounterFile.State(2, current.token()));

            // Its release matches its own token only: the new holder keeps the lock.
            assertThat(old.release()).isFalse();
            assertThat(next.inspect(GuardedCounter.RESOURCE).map(LockInfo::holders).orElseThrow())
                    .extracting(HolderInfo::token).containsExactly(current.token());
            assertThat(current.release()).isTrue();
        }
    }

    @Test
    void damagedFile_isReportedWithItsPlace() throws IOException {
        Path file = dir.resolve("counter");
        Files.writeString(file, "seven\n");
        assertThatThrownBy(() -> new FencedCounterFile(file).read())
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file + ":1:")
                .hasMessageContaining("Delete the file");
    }

    private FileLockManager manager(String owner) {
        return FileLockManager.builder(dir.resolve("locks")).owner(owner).releaseOnShutdown(false).build();
    }
}
