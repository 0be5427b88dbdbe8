package dev.wvo.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventLogTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:15:30.123Z"), ZoneOffset.UTC);

    @Test
    void append_thenRead_givesBackEveryField(@TempDir Path state) {
        EventLog log = EventLog.in(state);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("note", "two\nlines and \"quotes\"");
        details.put("files", List.of("a.java", "b.java"));
        details.put("nested", Map.of("ok", true));
        Event claim = Event.of(clock, EventType.CLAIM, "worker-1", "T-7", 2, details);

        log.append(claim);

        assertThat(EventReader.in(state).readAll().events()).containsExactly(claim);
    }

    @Test
    void append_writesOneLineWithTheDocumentedFields(@TempDir Path state) throws Exception {
        EventLog.in(state).append(Event.of(clock, EventType.MERGE, "w2", "T-1", 1, Map.of("commit", "abc")));

        assertThat(Files.readAllLines(state.resolve("events.jsonl"))).containsExactly(
                "{\"time\":\"2026-11-22T10:15:30.123Z\",\"type\":\"merge\",\"worker\":\"w2\",\"task\":\"T-1\","
                        + "\"attempt\":1,\"details\":{\"commit\":\"abc\"}}");
    }

    @Test
    void append_leavesOutAbsentWorkerTaskAndAttempt(@TempDir Path state) throws Exception {
        Event event = Event.of(clock, EventType.LOCK_BREAK, null, null, null, Map.of());

        EventLog.in(state).append(event);

        assertThat(Files.readString(state.resolve("events.jsonl")))
                .isEqualTo("{\"time\":\"2026-11-22T10:15:30.123Z\",\"type\":\"lock-break\",\"details\":{}}\n");
        assertThat(EventReader.in(state).readAll().events()).containsExactly(event);
    }

    @Test
    void append_toMissingStateDirectory_saysWhichFileAndWhatToDo(@TempDir Path dir) {
        EventLog log = EventLog.in(dir.resolve("no-such-state"));

        assertThatThrownBy(() -> log.append(Event.of(clock, EventType.CLAIM, "w", "T", 1, Map.of())))
                .hasMessageContaining("no-such-state")
                .hasMessageContaining("state directory exists");
    }

    @Test
    void unknownType_isReadAsItsString(@TempDir Path state) {
        Event event = new Event(clock.instant(), "future-kind", "w", null, null, Map.of());

        EventLog.in(state).append(event);

        Event read = EventReader.in(state).readAll().events().get(0);
        assertThat(read.type()).isEqualTo("future-kind");
        assertThat(read.knownType()).isNull();
    }
}
