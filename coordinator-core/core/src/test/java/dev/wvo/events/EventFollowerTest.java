package dev.wvo.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EventFollowerTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @Test
    void follow_seesEventsAppendedAfterItStarted_butNotEarlierOnes(@TempDir Path state) {
        EventLog log = EventLog.in(state);
        log.append(event("T-old"));
        List<Event> seen = new CopyOnWriteArrayList<>();

        try (EventFollower follower = EventReader.in(state).follow(seen::add)) {
            log.append(event("T-1"));
            log.append(event("T-2"));

            await().atMost(PROMPTLY).until(() -> seen.size() == 2);
            assertThat(seen).extracting(Event::task).containsExactly("T-1", "T-2");
            assertThat(follower.isRunning()).isTrue();
        }
    }

    @Test
    void follow_fromStart_replaysHistoryThenTails_withFilter(@TempDir Path state) {
        EventLog log = EventLog.in(state);
        log.append(event("T-1"));
        log.append(event("T-2"));
        List<Event> seen = new CopyOnWriteArrayList<>();

        try (EventFollower follower = EventReader.in(state)
                .follow(EventFilter.ALL.withTask("T-1"), true, seen::add, line -> { })) {
            log.append(event("T-2"));
            log.append(event("T-1"));

            await().atMost(PROMPTLY).until(() -> seen.size() == 2);
        }
        assertThat(seen).extracting(Event::task).containsExactly("T-1", "T-1");
    }

    @Test
    void follow_logCreatedLater_inDirectoryCreatedLater_isPickedUpByPolling(@TempDir Path dir) {
        Path state = dir.resolve("state");
        List<Event> seen = new CopyOnWriteArrayList<>();

        try (EventFollower follower = new EventReader(state.resolve("events.jsonl"), Duration.ofMillis(20))
                .follow(seen::add)) {
            createDirectory(state);
            EventLog.in(state).append(event("T-1"));

            await().atMost(PROMPTLY).until(() -> seen.size() == 1);
        }
    }

    @Test
    void follow_tornLine_isReportedOnce_andLaterLinesStillArrive(@TempDir Path state) throws Exception {
        Path file = state.resolve("events.jsonl");
        String line = new String(EventCodec.encode(event("T-9")), StandardCharsets.UTF_8);
        List<Event> seen = new CopyOnWriteArrayList<>();
        List<UnreadableLine> unreadable = new CopyOnWriteArrayList<>();

        try (EventFollower follower = EventReader.in(state).follow(EventFilter.ALL, true, seen::add, unreadable::add)) {
            Files.writeString(file, line.substring(0, 20), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            EventLog.in(state).append(event("T-after"));
            // The append starts a fresh line after the torn one, so only the torn part is lost.
            await().atMost(PROMPTLY).until(() -> seen.size() == 1 && unreadable.size() == 1);

            Files.writeString(file, line + "\n", StandardOpenOption.APPEND);
            await().atMost(PROMPTLY).until(() -> seen.size() == 2);
        }
        assertThat(seen).extracting(Event::task).containsExactly("T-after", "T-9");
        assertThat(unreadable).singleElement().extracting(UnreadableLine::lineNumber).isEqualTo(1L);
    }

    @Test
    void close_stopsTheFollower_andAwaitReturns(@TempDir Path state) throws Exception {
        EventFollower follower = EventReader.in(state).follow(e -> { });

        follower.close();

        follower.await();
        assertThat(follower.isRunning()).isFalse();
    }

    @Test
    void consumerFailure_stopsTheFollower_andAwaitRethrowsIt(@TempDir Path state) {
        EventFollower follower = EventReader.in(state).follow(e -> {
            throw new IllegalStateException("consumer broke on " + e.task());
        });
        EventLog.in(state).append(event("T-1"));

        await().atMost(PROMPTLY).until(() -> !follower.isRunning());
        assertThatThrownBy(follower::await).hasMessage("consumer broke on T-1");
        follower.close();
    }

    private Event event(String task) {
        return Event.of(clock, EventType.CLAIM, "w1", task, 1, Map.of());
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
