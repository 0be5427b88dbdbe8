package dev.wvo.events;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockListener;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class EventLockListenerTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void forcedBreakOfALiveLock_isRecordedWithItsHolders(@TempDir Path dir) {
        Path state = dir.resolve("state");
        EventLog log = EventLog.in(dir);
        EventLockListener listener = new EventLockListener(log, null, clock);

        try (LockManager holder = FileLockManager.builder(state.resolve("locks")).owner("worker-1").build();
             LockManager admin = FileLockManager.builder(state.resolve("locks")).owner("admin").listener(listener).build()) {
            LockHandle handle = holder.tryAcquire("roadmap", LockMode.EXCLUSIVE).orElseThrow();

            BreakResult result = admin.breakLock("roadmap", true);

            assertThat(result.outcome()).isEqualTo(BreakResult.Outcome.BROKEN);
            handle.close();
        }

        Event event = EventReader.in(dir).read(EventFilter.ALL.withTypes(EventType.LOCK_BREAK)).events().get(0);
        assertThat(event.worker()).isNull();
        assertThat(event.details()).containsEntry("resource", "roadmap")
                .containsEntry("outcome", "broken").containsEntry("forced", true);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> holders = (List<Map<String, Object>>) event.details().get("holders");
        assertThat(holders).singleElement().satisfies(h -> assertThat(h).containsEntry("owner", "worker-1"));
    }

    @Test
    void everyListenerCallback_becomesOneEvent_andReachesTheDelegate(@TempDir Path dir) {
        EventLog log = EventLog.in(dir);
        List<String> delegated = new CopyOnWriteArrayList<>();
        LockListener delegate = new LockListener() {
            @Override
            public void garbageRemoved(String resource, String problem) {
                delegated.add("garbage " + resource);
            }

            @Override
            public void lockLost(String resource, long token, String why) {
                delegated.add("lost " + resource);
            }

            @Override
            public void releaseOfLostLock(String resource, long token) {
                delegated.add("release " + resource);
            }
        };
        EventLockListener listener = new EventLockListener(log, "worker-3", clock, delegate);

        listener.garbageRemoved("context", "empty file");
        listener.lockLost("roadmap", 17, "expired");
        listener.releaseOfLostLock("roadmap", 17);

        assertThat(EventReader.in(dir).readAll().events())
                .extracting(Event::type, Event::worker)
                .containsExactly(
                        tuple("lock-garbage-removed", "worker-3"),
                        tuple("lock-lost", "worker-3"),
                        tuple("lock-release-of-lost", "worker-3"));
        assertThat(delegated).containsExactly("garbage context", "lost roadmap", "release roadmap");
    }

    @Test
    void unwritableLog_doesNotFailTheLockOperation(@TempDir Path dir) {
        EventLockListener listener = new EventLockListener(EventLog.in(dir.resolve("missing")), "w", clock);

        listener.lockLost("roadmap", 1, "expired");

        assertThat(dir.resolve("missing")).doesNotExist();
    }
}
