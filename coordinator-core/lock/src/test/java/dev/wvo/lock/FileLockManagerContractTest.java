package dev.wvo.lock;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The lock contract against the file backend; each manager plays its own process. */
class FileLockManagerContractTest extends LockManagerContract {

    @TempDir
    Path dir;

    @Override
    protected LockManager newProcess(String owner) {
        return FileLockManager.builder(dir.resolve("locks")).owner(owner).releaseOnShutdown(false).build();
    }
}
