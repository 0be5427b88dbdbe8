package dev.wvo.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Waiters are woken by changes of their own resource, not by the directory's other locks: exclusive
 * waiters by its wake file, shared ones by its lock file.
 */
class ReleaseSignalTest {

    private static final ProcessRef ME = new ProcessRef(new HostIdentity("here", "boot-1"), 4242, null);
    private static final ProcessRef OTHER = new ProcessRef(new HostIdentity("here", "boot-1"), 4343, null);
    /** Another host's process with this process's pid (hosts sharing the lock directory over NFS). */
    private static final ProcessRef ELSEWHERE = new ProcessRef(new HostIdentity("there", "boot-2"), 4242, null);

    @TempDir
    Path dir;

    @Test
    void aManagerThatFailsToStart_keepsNoShareOfTheSignal() throws Exception {
        // the manager's listener fails when the manager's cleaning tells it of the garbage it removed
        Files.writeString(dir.resolve("res.lock"), "not a lock record");
        LockListener failing = new LockListener() {
            @Override
            public void garbageRemoved(String resource, String problem) {
                throw new IllegalStateException("this listener fails");
            }
        };
        assertThatThrownBy(() -> FileLockManager.builder(dir).listener(failing).releaseOnShutdown(false).build())
                .hasMessage("this listener fails");

        ReleaseSignal first = ReleaseSignal.open(dir, ME);
        first.close(ME);
        ReleaseSignal second = ReleaseSignal.open(dir, ME);
        try {
            assertThat(second).as("made anew once its last user closed it: the failed manager was no user").isNotSameAs(first);
        } finally {
            second.close(ME);
        }
    }

    @Test
    void aChangeWakesTheWaitersOfItsOwnResourceOnly_andLostEventsWakeEveryone() {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        try {
            ReleaseSignal.Changes a = signal.startWaiting("a");
            ReleaseSignal.Changes b = signal.startWaiting("b");
            signal.signal("b");
            signal.signal("nobody-waits");
            assertThat(a.generation()).isZero();
            assertThat(b.generation()).isEqualTo(1);
            signal.signalAll();
            assertThat(a.generation()).isEqualTo(1);
            assertThat(b.generation()).isEqualTo(2);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void aRecordedWaiterHearsTheWakeFileOfItsResource_notTheLockFilesWrites() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        LockFiles files = new LockFiles(dir);
        try {
            ReleaseSignal.Changes a = signal.startWaiting("a");
            ReleaseSignal.Changes b = signal.startWaiting("b");
            signal.watchOtherProcesses(true);
            // the lock files change at every acquisition, queueing and renewal: exclusive waiters sleep through them
            Files.writeString(dir.resolve("a.lock"), "{}");
            files.touchWakeFile("b"); // the first release with waiters creates the wake file
            await().atMost(Duration.ofSeconds(30)).until(() -> b.generation() > 0);
            long created = b.generation();
            files.touchWakeFile("b"); // every later one sets its time
            await().atMost(Duration.ofSeconds(30)).until(() -> b.generation() > created);
            assertThat(a.generation()).isZero();
            signal.stopWatching(true);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void aSharedWaiter_whomNoRecordNames_hearsItsLockFileByName() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        try {
            ReleaseSignal.Changes a = signal.startWaiting("a");
            ReleaseSignal.Changes b = signal.startWaiting("b");
            signal.watchOtherProcesses(false);
            // files of a lock's that are not its lock file (staging, temp) wake nobody
            Files.writeString(dir.resolve(".a.lock.next"), "{}");
            Files.writeString(dir.resolve("b.lock"), "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> b.generation() > 0);
            // the watcher reports a directory's events in order: the staging file came first
            assertThat(a.generation()).isZero();
            signal.stopWatching(false);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void theDirectoryIsWatchedOnlyWhileSomeoneWaits() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        try {
            ReleaseSignal.Changes a = signal.startWaiting("a");
            ReleaseSignal.Changes b = signal.startWaiting("b");
            signal.watchOtherProcesses(false);
            signal.stopWatching(false);
            // the first change after the last waiter ends the watch (the watcher thread does, off the waiters' way)
            Files.writeString(dir.resolve("c.lock"), "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> !signal.watching(false));
            Files.writeString(dir.resolve("a.lock"), "{}"); // nobody watches: not reported
            signal.watchOtherProcesses(false);
            Files.writeString(dir.resolve("b.lock"), "{}");
            await().atMost(Duration.ofSeconds(30)).until(() -> b.generation() > 0);
            // events come in order: had the first change been reported, it would be here by now
            assertThat(a.generation()).isZero();
            signal.stopWatching(false);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void aWakeDirectoryRemovedByHandIsWatchedAnewByTheNextWaiter() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        LockFiles files = new LockFiles(dir);
        try {
            ReleaseSignal.Changes a = signal.startWaiting("a");
            signal.watchOtherProcesses(true);
            assertThat(signal.watching(true)).isTrue();
            Files.delete(files.wakeDirectory()); // a person emptying the lock directory
            await().atMost(Duration.ofSeconds(30)).until(() -> !signal.watching(true));
            signal.stopWatching(true);
            signal.watchOtherProcesses(true);
            files.touchWakeFile("a");
            await().atMost(Duration.ofSeconds(30)).until(() -> a.generation() > 0);
            signal.stopWatching(true);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void aResourceNobodyWaitsForAnyMoreIsForgotten() {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        try {
            ReleaseSignal.Changes first = signal.startWaiting("a");
            signal.stopWaiting(first);
            signal.signal("a");
            assertThat(first.generation()).as("counted only while waited for").isZero();
            ReleaseSignal.Changes second = signal.startWaiting("a");
            assertThat(second).isNotSameAs(first);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void aReleaseMeantForTheHeadOfTheQueueWakesOnlyItsProcess() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        LockFiles files = new LockFiles(dir);
        try {
            ReleaseSignal.Changes a = signal.startWaiting("a");
            ReleaseSignal.Changes b = signal.startWaiting("b");
            signal.watchOtherProcesses(true);
            // meant for other processes (one with this pid on another host): heard, and ignored
            files.touchWakeFile("a", OTHER);
            files.touchWakeFile("a", ELSEWHERE);
            files.touchWakeFile("b", ME);
            await().atMost(Duration.ofSeconds(30)).until(() -> b.generation() > 0);
            // the watcher reports a directory's events in order: the touches for the others came first
            assertThat(a.generation()).isZero();
            assertThat(files.wakeFileOf("b", ME)).exists();
            signal.stopWatching(true);
        } finally {
            signal.close(ME);
        }
        // its wake files go with the last manager of the process in this JVM; the others' stay
        assertThat(files.wakeFileOf("b", ME)).doesNotExist();
        assertThat(files.wakeFileOf("a", OTHER)).exists();
    }

    @Test
    void aProcessesWakeFilesGoWithItsLastManagerInTheJvm_notItsFirst() throws Exception {
        // two managers of one process on one directory (pooled workers): they share the signal
        ReleaseSignal first = ReleaseSignal.open(dir, ME);
        ReleaseSignal second = ReleaseSignal.open(dir, ME);
        LockFiles files = new LockFiles(dir);
        Path mine = files.wakeFileOf("a", ME);
        files.touchWakeFile("a", ME);
        first.close(ME);
        assertThat(mine).as("the other manager may still wait as this process").exists();
        second.close(ME);
        assertThat(mine).doesNotExist();
    }

    @Test
    void theWakeKeysOfTwoHostsDiffer_evenForOnePid() {
        assertThat(LockFiles.wakeKey(ME)).isNotEqualTo(LockFiles.wakeKey(ELSEWHERE)).isNotEqualTo(LockFiles.wakeKey(OTHER));
        assertThat(LockFiles.wakeKey(ME)).isEqualTo(LockFiles.wakeKey(new ProcessRef(new HostIdentity("here", "boot-1"), 4242, null)));
        // the separator never appears in an encoded resource name, so a wake file's name says which resource
        assertThat(ResourceNames.encode("a@b")).doesNotContain(String.valueOf(LockFiles.WAKE_KEY_SEPARATOR));
    }

    @Test
    void onlyALocalFileSystemWatchedByTheKernelLetsWaitersPauseLong() {
        assertThat(ReleaseSignal.isLocal("ext4")).isTrue();
        assertThat(ReleaseSignal.isLocal("tmpfs")).isTrue();
        // another host's changes make no event here
        assertThat(ReleaseSignal.isLocal("nfs4")).isFalse();
        assertThat(ReleaseSignal.isLocal("cifs")).isFalse();
        assertThat(ReleaseSignal.isLocal("fuse.sshfs")).isFalse();
        ReleaseSignal signal = ReleaseSignal.open(dir, ME);
        try {
            assertThat(signal.hearsEveryChange(true)).as("not watched yet").isFalse();
            signal.watchOtherProcesses(true);
            assertThat(signal.hearsEveryChange(true)).isEqualTo(ReleaseSignal.hearsEveryProcess(dir));
            signal.stopWatching(true);
        } finally {
            signal.close(ME);
        }
    }

    @Test
    void aWaiterThatHearsEveryChangePausesLong() {
        Backoff backoff = new Backoff();
        assertThat(backoff.nextNanos()).isLessThanOrEqualTo(1_000_000L);
        backoff.startAtCeiling();
        for (int i = 0; i < 100; i++) {
            assertThat(backoff.nextNanos()).isBetween(50_000_000L, 100_000_000L);
        }
    }
}
