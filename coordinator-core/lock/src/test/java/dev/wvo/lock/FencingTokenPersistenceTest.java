package dev.wvo.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens continue across restarts: a new manager on the same directory goes on from the last one. */
class FencingTokenPersistenceTest {

    @TempDir
    Path dir;

    private FileLockManager fresh() {
        return FileLockManager.builder(dir.resolve("locks")).releaseOnShutdown(false).build();
    }

    @Test
    void newManager_continuesTheSequence() {
        long last;
        try (FileLockManager first = fresh()) {
            first.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow().release();
            last = first.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow().token();
        }
        try (FileLockManager second = fresh()) {
            LockHandle h = second.tryAcquire("r", LockMode.SHARED).orElseThrow();
            assertThat(h.token()).isEqualTo(last + 1);
        }
    }

    @Test
    void tokensAreCountedPerResource() {
        try (FileLockManager m = fresh()) {
            for (int i = 0; i < 3; i++) {
                m.tryAcquire("a", LockMode.EXCLUSIVE).orElseThrow().release();
            }
            assertThat(m.tryAcquire("b", LockMode.EXCLUSIVE).orElseThrow().token()).isEqualTo(1);
            assertThat(m.tryAcquire("a", LockMode.EXCLUSIVE).orElseThrow().token()).isEqualTo(4);
        }
    }

    @Test
    void brokenLock_nextTokenStillGreater() {
        try (FileLockManager m = fresh(); FileLockManager other = fresh()) {
            long old = m.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow().token();
            other.breakLock("r", true);
            assertThat(other.tryAcquire("r", LockMode.EXCLUSIVE).orElseThrow().token()).isGreaterThan(old);
        }
    }
}
