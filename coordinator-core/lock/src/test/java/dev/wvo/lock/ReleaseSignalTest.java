package dev.wvo.lock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Waiters are woken by changes of their own resource, not by the directory's other locks: exclusive
 * waiters by its wake file, shared ones by its lock file.
 */
class ReleaseSignalTest {

    @TempDir
    Path dir;

    @Test
    void aChangeWakesTheWaitersOfItsOwnResourceOnly_andLostEventsWakeEveryone() {
        ReleaseSignal signal = ReleaseSignal.open(dir);
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
            signal.close();
        }
    }

    @Test
    void aRecordedWaiterHearsTheWakeFileOfItsResource_notTheLockFilesWrites() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir);
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
            signal.close();
        }
    }

    @Test
    void aSharedWaiter_whomNoRecordNames_hearsItsLockFileByName() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir);
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
            signal.close();
        }
    }

    @Test
    void theDirectoryIsWatchedOnlyWhileSomeoneWaits() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir);
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
            signal.close();
        }
    }

    @Test
    void aWakeDirectoryRemovedByHandIsWatchedAnewByTheNextWaiter() throws Exception {
        ReleaseSignal signal = ReleaseSignal.open(dir);
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
            signal.close();
        }
    }

    @Test
    void aResourceNobodyWaitsForAnyMoreIsForgotten() {
        ReleaseSignal signal = ReleaseSignal.open(dir);
        try {
            ReleaseSignal.Changes first = signal.startWaiting("a");
            signal.stopWaiting(first);
            signal.signal("a");
            assertThat(first.generation()).as("counted only while waited for").isZero();
            ReleaseSignal.Changes second = signal.startWaiting("a");
            assertThat(second).isNotSameAs(first);
        } finally {
            signal.close();
        }
    }
}
