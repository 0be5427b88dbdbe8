package dev.wvo.roadmap;

import dev.wvo.fs.StateDir;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.zookeeper.ZooKeeperLockManager;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching lock backends does not leave the roadmap refusing writes: a write rests on the lock
 * store's confirmation of the holder, never on tokens of another store.
 */
class RoadmapLockBackendSwitchTest {

    @TempDir
    Path state;

    @Test
    void afterMovingFromFileLocksToZooKeeper_writesAreAccepted(@TempDir Path zooKeeper) throws Exception {
        Path file = Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: a\n    title: A\n");
        try (FileLockManager files = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build()) {
            RoadmapStore store = new RoadmapStore(new StateDir(state), files);
            for (int i = 1; i <= 5; i++) {
                int n = i;
                store.update((roadmap, editor, log) -> editor.set(roadmap.task("a").orElseThrow(), "attempts", n));
            }
        }
        // ZooKeeper leaves a configuration file beside its data directory: both in a temp dir JUnit deletes
        try (TestingServer zk = new TestingServer(0, zooKeeper.resolve("data").toFile(), true);
             ZooKeeperLockManager locks = ZooKeeperLockManager.builder(zk.getConnectString())
                     .connectionTimeout(Duration.ofSeconds(10)).build()) {
            RoadmapStore store = new RoadmapStore(new StateDir(state), locks);
            store.update((roadmap, editor, log) -> editor.set(roadmap.task("a").orElseThrow(), "status", "done"));
        }
        assertThat(RoadmapReader.read(file).task("a").orElseThrow().status()).isEqualTo("done");
    }
}
