package dev.wvo.notify;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What was announced once, in a real {@code announcements.json} under real file locks: a key is
 * announced once by whichever instance asks first; a notification is sent once per key, held back
 * while its condition notified within the quiet time or the hourly cap is reached, and the next
 * one sent counts those held back.
 */
class AnnouncementsTest {

    @TempDir
    Path state;
    private FileLockManager locks;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @BeforeEach
    void open() {
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void close() {
        locks.close();
    }

    @Test
    void aKeyIsAnnouncedOnce_whoeverAsks() {
        Announcements one = new Announcements(new StateDir(state), locks, clock);
        Announcements other = new Announcements(new StateDir(state), locks, clock);

        assertThat(one.first("all-limited:T")).isTrue();
        assertThat(other.first("all-limited:T")).isFalse();
        assertThat(one.first("all-limited:T")).isFalse();
        assertThat(other.first("all-limited:U")).isTrue();
    }

    @Test
    void aConditionNotifiesOnceInItsQuietTime_theCapHoldsTheRestBack_andTheNextOneSentCountsThem() {
        Announcements a = new Announcements(new StateDir(state), locks, clock);
        Duration quiet = Duration.ofMinutes(15);

        assertThat(a.admit("e1", "needs-attention:T1", quiet, 3).send()).isTrue();
        assertThat(a.admit("e1", "needs-attention:T1", quiet, 3).send()).as("the same event").isFalse();
        assertThat(a.admit("e2", "needs-attention:T1", quiet, 3).send()).as("the same task, flapping").isFalse();
        Announcements.Admission t2 = a.admit("e3", "needs-attention:T2", quiet, 3);
        assertThat(t2.send()).isTrue();
        assertThat(t2.heldBack()).as("it says the flapping one was held back").isEqualTo(1);
        assertThat(a.admit("e4", "budget:task:T3", quiet, 3).send()).isTrue();
        assertThat(a.admit("e5", "budget:task:T4", quiet, 3).send()).as("three in the hour: the cap").isFalse();

        now.set(now.get().plus(Duration.ofMinutes(61)));
        Announcements.Admission next = a.admit("e6", "needs-attention:T1", quiet, 3);
        assertThat(next.send()).isTrue();
        assertThat(next.heldBack()).as("the capped one").isEqualTo(1);
        assertThat(a.admit("e7", "run:run", quiet, 3).heldBack()).isZero();
    }
}
