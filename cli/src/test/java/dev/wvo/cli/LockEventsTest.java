package dev.wvo.cli;

import dev.wvo.events.Event;
import dev.wvo.events.EventReader;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HostIdentity;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.ProcessRef;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21, defect 11: what the lock manager does beyond acquire and release reaches events.jsonl. */
class LockEventsTest {

    @TempDir
    Path state;

    @BeforeEach
    void init() {
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @Test
    void aStaleHolderReclaimedByACommand_isALockReclaimEvent() throws IOException {
        try (FileLockManager dead = FileLockManager.builder(state.resolve("locks")).owner("gone")
                .heartbeatInterval(Duration.ZERO).releaseOnShutdown(false)
                .process(new ProcessRef(HostIdentity.current(), ProcessHandle.current().pid(), Instant.EPOCH)).build()) {
            dead.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow();

            assertThat(Cli.inState(state, "task", "add", "T1", "--title", "t").exitCode()).isZero();
        }

        Event reclaim = only("lock-reclaim");
        assertThat(reclaim.details()).containsEntry("resource", "roadmap");
        assertThat(reclaim.details().get("holder").toString()).contains("owner=gone", "staleness=process_dead");
    }

    @Test
    void aBreak_andTheLossItCauses_areEvents() throws IOException {
        try (FileLockManager holder = FileLockManager.builder(state.resolve("locks")).owner("holder")
                .releaseOnShutdown(false).build()) {
            LockHandle held = holder.tryAcquire("deploy", LockMode.EXCLUSIVE).orElseThrow();

            assertThat(Cli.inState(state, "lock", "break", "--force", "deploy").exitCode()).isZero();
            assertThat(held.confirm()).isFalse();
        }

        Event broken = only("lock-break");
        assertThat(broken.details()).containsEntry("resource", "deploy").containsEntry("forced", true)
                .containsEntry("outcome", "broken");
    }

    @Test
    void debrisAtALocksName_removedByLockList_isAnEvent() throws IOException {
        Files.writeString(state.resolve("locks").resolve("cache.lock"), "{ not a record");

        assertThat(Cli.inState(state, "lock", "list").exitCode()).isZero();

        assertThat(only("lock-garbage-removed").details()).containsEntry("resource", "cache");
    }

    private Event only(String type) {
        List<Event> events = EventReader.in(state).readAll().events().stream()
                .filter(e -> e.type().equals(type)).toList();
        assertThat(events).as(type + " events").hasSize(1);
        return events.get(0);
    }
}
