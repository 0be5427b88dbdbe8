package dev.wvo.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class LockFilePermissionsTest {

    @TempDir
    Path dir;

    @Test
    void lockDirectoryAndFiles_areOwnerOnly() throws Exception {
        Path locks = dir.resolve("state/locks");
        try (FileLockManager m = FileLockManager.builder(locks).releaseOnShutdown(false).build()) {
            m.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(locks))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(locks.resolve("res.lock")))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(locks.resolve("res.guard")))).isEqualTo("rw-------");
        }
    }

    @Test
    void tokens_continueAcrossManagerRestarts() {
        long last;
        try (FileLockManager m = FileLockManager.builder(dir).releaseOnShutdown(false).build()) {
            last = m.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow().token();
        }
        try (FileLockManager restarted = FileLockManager.builder(dir).releaseOnShutdown(false).build()) {
            assertThat(restarted.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow().token()).isGreaterThan(last);
        }
    }
}
