package dev.wvo.lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What crashes and hands leave in the lock directory never blocks anyone and is never a live lock. */
class LeftoverLockFilesTest {

    @TempDir
    Path dir;
    private Path locks;
    private FileLockManager manager;

    @BeforeEach
    void setUp() {
        locks = dir.resolve("locks");
        manager = FileLockManager.builder(locks).owner("me").releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"resource\":\"res\",\"mode\":\"exclusive\",\"holders\":[{\"owner\":",
            "garbage \u0000\u0001\u0002", "[1,2,3]", "{\"resource\":\"res\"}",
            "{\"resource\":\"res\",\"mode\":\"sideways\",\"holders\":[]}"})
    void unreadableLockFile_isNotALiveLock_andTheNextAcquirerTakesIt(String content) throws Exception {
        Files.writeString(locks.resolve("res.lock"), content, StandardCharsets.UTF_8);
        LockInfo info = manager.inspect("res").orElseThrow();
        assertThat(info.corrupt()).isNotNull();
        assertThat(info.holders()).isEmpty();
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void processesWakeFilesUntouchedForAnHour_areRemoved_theRecentAndTheResourcesStay() throws Exception {
        Path wake = locks.resolve(LockFiles.WAKE_DIRECTORY);
        Files.createDirectories(wake);
        Path crashed = Files.createFile(wake.resolve("res@4242-1a2b3c"));
        Files.setLastModifiedTime(crashed, FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
        Path recent = Files.createFile(wake.resolve("res@4343-1a2b3c"));
        Path resources = Files.createFile(wake.resolve("res"));
        Files.setLastModifiedTime(resources, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        manager.cleanLeftovers();
        assertThat(crashed).doesNotExist();
        assertThat(recent).exists();
        assertThat(resources).exists();
    }

    @Test
    void aProcessWakeFileThatCannotBeRemoved_failsNoManager() throws Exception {
        // not a file of the protocol's making (a directory with something in it), so its deletion fails
        Path wake = locks.resolve(LockFiles.WAKE_DIRECTORY);
        Path stuck = Files.createDirectories(wake.resolve("res@4242-1a2b3c").resolve("inside"));
        Files.setLastModifiedTime(stuck.getParent(), FileTime.from(Instant.now().minus(Duration.ofMinutes(61))));
        try (FileLockManager next = FileLockManager.builder(locks).owner("next").releaseOnShutdown(false).build()) {
            assertThat(next.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        }
        assertThat(manager.cleanLeftovers()).isZero();
    }

    @Test
    void aLeftoverThatCannotBeRemoved_failsNoManager_andBlocksNoLock() throws Exception {
        // a temp file's name on a directory with something in it: its deletion fails
        Path stuck = Files.createDirectories(locks.resolve(".res.0123456789abcdef.tmp").resolve("inside")).getParent();
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent(); // the guard exists: the leftover is the lock's
        try (FileLockManager next = FileLockManager.builder(locks).owner("next").releaseOnShutdown(false).build()) {
            assertThat(next.leftoversRemovedAtStart()).isZero();
            assertThat(next.tryAcquire("other", LockMode.EXCLUSIVE)).isPresent();
        }
        assertThat(manager.cleanLeftovers()).isZero();
        assertThat(stuck).isDirectory();
    }

    @Test
    void directoryWhereTheLockFileBelongs_isCleared() throws Exception {
        Files.createDirectories(locks.resolve("res.lock/inner"));
        Files.writeString(locks.resolve("res.lock/inner/file"), "x");
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        assertThat(Files.isRegularFile(locks.resolve("res.lock"))).isTrue();
    }

    /** Issue 21, defect 13: a 3 GB lock file gave OutOfMemoryError in every lock command. */
    @Test
    void hugeFileWhereTheLockFileBelongs_isGarbageRemovedWithoutBeingRead() throws Exception {
        try (RandomAccessFile huge = new RandomAccessFile(locks.resolve("res.lock").toFile(), "rw")) {
            huge.setLength(3L << 30); // sparse: 3 GiB that take no disk
        }
        assertThat(manager.inspect("res").orElseThrow().corrupt()).contains("larger than any lock record");
        assertThat(manager.inspect()).extracting(LockInfo::resource).containsExactly("res");
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        assertThat(Files.size(locks.resolve("res.lock"))).isLessThan(LockFiles.MAX_RECORD_BYTES);
    }

    /** Issue 21, defect 15: a link to a directory at the lock's name broke every lock command. */
    @Test
    void symbolicLinkWhereTheLockFileBelongs_isRemoved_andWhatItPointsAtIsLeftAlone() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("a-directory"));
        Files.writeString(elsewhere.resolve("keep"), "x");
        Path file = Files.writeString(dir.resolve("a-file"), "{\"resource\":\"other\"}");
        Files.createSymbolicLink(locks.resolve("res.lock"), elsewhere);
        Files.createSymbolicLink(locks.resolve("file.lock"), file);

        assertThat(manager.inspect("res").orElseThrow().corrupt()).contains("symbolic link");
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        assertThat(manager.tryAcquire("file", LockMode.EXCLUSIVE)).isPresent();

        assertThat(Files.isSymbolicLink(locks.resolve("res.lock"))).isFalse();
        assertThat(elsewhere.resolve("keep")).hasContent("x");
        assertThat(file).hasContent("{\"resource\":\"other\"}");
    }

    /** Issue 21, defect 15: a symlinked guard file was followed, and its counter written into the target. */
    @Test
    void symbolicLinkWhereTheGuardOrTheStagingFileBelongs_isNeverWrittenThrough() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "a person's file");
        Files.createSymbolicLink(locks.resolve("res.guard"), victim);
        Files.createSymbolicLink(locks.resolve(".res.lock.next"), victim);

        LockHandle first = manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
        manager.renewAll(); // a replacement: the staging file is written
        first.release();
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow().token()).isGreaterThan(first.token());

        assertThat(victim).hasContent("a person's file");
        assertThat(Files.isSymbolicLink(locks.resolve("res.guard"))).isFalse();
    }

    @Test
    void pipeWhereTheLockFileBelongs_isGarbage_notAReadThatBlocksForever() throws Exception {
        Path fifo = locks.resolve("res.lock");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor()).isZero();

        assertThat(manager.inspect("res").orElseThrow().corrupt()).contains("pipe");
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
    }

    @Test
    void directoryWhereTheGuardFileBelongs_isCleared() throws Exception {
        Files.createDirectories(locks.resolve("res.guard/x"));
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        assertThat(Files.isRegularFile(locks.resolve("res.guard"))).isTrue();
    }

    @Test
    void tempFilesOfDeadWriters_neverBlock_andAreCleaned() throws Exception {
        Files.writeString(locks.resolve(".res.0123456789abcdef.tmp"), "{half");
        Files.writeString(locks.resolve("other.lock"), "");
        assertThat(manager.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        assertThat(manager.cleanLeftovers()).isEqualTo(2);
        try (var files = Files.list(locks)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.equals("other.lock")))
                    .isEmpty();
        }
        assertThat(manager.inspect()).extracting(LockInfo::resource).containsExactly("res");
    }

    @Test
    void anotherProgramsTempFile_inASharedDirectory_isLeftAlone() throws Exception {
        // wvo writes its roadmap fence next to the locks with the same temp-name shape, while the
        // write is under way another manager may start: it must not take that file for a crash leftover
        Path beingWritten = Files.writeString(locks.resolve(".roadmap.yaml.fence.0123456789abcdef.tmp"), "42\n");
        try (FileLockManager another = FileLockManager.builder(locks).releaseOnShutdown(false).build()) {
            assertThat(another.leftoversRemovedAtStart()).isZero();
        }
        assertThat(beingWritten).hasContent("42\n");
        assertThat(locks.resolve("roadmap.yaml.fence.guard")).doesNotExist();
    }

    @Test
    void damagedFencingCounter_stillGivesALargerToken() throws Exception {
        long first;
        try (LockHandle h = manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow()) {
            first = h.token();
        }
        Files.writeString(locks.resolve("res.guard"), "not a number");
        try (LockHandle h = manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow()) {
            assertThat(h.token()).isGreaterThan(first);
        }
    }

    @Test
    void guardFileRemovedWhileInUse_isRecreated_andLockingGoesOn() throws Exception {
        manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow().release();
        Files.delete(locks.resolve("res.guard"));
        try (FileLockManager other = FileLockManager.builder(locks).owner("other").releaseOnShutdown(false).build()) {
            LockHandle h = manager.tryAcquire("res", LockMode.EXCLUSIVE).orElseThrow();
            assertThat(other.tryAcquire("res", LockMode.EXCLUSIVE)).isEmpty();
            h.release();
            assertThat(other.tryAcquire("res", LockMode.EXCLUSIVE)).isPresent();
        }
        assertThat(Files.isRegularFile(locks.resolve("res.guard"))).isTrue();
    }

    @Test
    void replacementCutShortBetweenUnlinkAndRename_isAdopted_notLost() throws Exception {
        LockHandle holder = manager.tryAcquire("res", LockMode.SHARED).orElseThrow();
        // a process died mid-replacement: the new record staged whole, the old one already unlinked
        Files.move(locks.resolve("res.lock"), locks.resolve(".res.lock.next"));
        assertThat(manager.inspect("res")).as("inspection sees the staged record").isPresent();
        try (FileLockManager other = FileLockManager.builder(locks).owner("other").releaseOnShutdown(false).build()) {
            assertThat(other.tryAcquire("res", LockMode.EXCLUSIVE)).as("the holder still holds it").isEmpty();
        }
        assertThat(locks.resolve("res.lock")).exists();
        assertThat(locks.resolve(".res.lock.next")).doesNotExist();
        assertThat(holder.release()).isTrue();
    }

    @Test
    void listingNeverShowsTempOrGuardFiles() throws Exception {
        manager.tryAcquire("a", LockMode.EXCLUSIVE).orElseThrow();
        Files.writeString(locks.resolve(".a.0123456789abcdef.tmp"), "x");
        assertThat(manager.inspect()).extracting(LockInfo::resource).isEqualTo(List.of("a"));
    }
}
