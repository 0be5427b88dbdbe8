package dev.wvo.events;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventReaderTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path state;
    private EventLog log;
    private EventReader reader;

    @BeforeEach
    void setUp() {
        log = EventLog.in(state);
        reader = EventReader.in(state);
    }

    @Test
    void readAll_missingLog_isEmpty() {
        EventHistory history = reader.readAll();

        assertThat(history.events()).isEmpty();
        assertThat(history.unreadable()).isEmpty();
    }

    @Test
    void readAll_garbageLines_areSkippedAndReportedWithLineNumbers() throws Exception {
        log.append(event(EventType.CLAIM, "w1", "T-1"));
        append("this is not json\n");
        log.append(event(EventType.COMPLETE, "w1", "T-1"));
        append("{\"type\":\"claim\"}\n");
        append("\n");
        append("{\"time\":\"yesterday\",\"type\":\"claim\"}\n");

        EventHistory history = reader.readAll();

        assertThat(history.events()).extracting(Event::type).containsExactly("claim", "complete");
        assertThat(history.unreadable()).extracting(UnreadableLine::lineNumber).containsExactly(2L, 4L, 6L);
        assertThat(history.unreadable()).extracting(UnreadableLine::problem)
                .allSatisfy(p -> assertThat(p).isNotBlank())
                .contains("missing 'time'", "'time' is not an ISO-8601 instant: yesterday");
        assertThat(history.unreadable().get(0).describe()).startsWith(state.resolve("events.jsonl") + ":2: skipped, not JSON");
    }

    /** Issue 21, defect 13: one line can be grown without bound; only its start is ever held in memory. */
    @Test
    void readAll_aLineLongerThanAnyEvent_isReportedAndTheNextLinesStillRead() throws Exception {
        log.append(event(EventType.CLAIM, "w1", "T-1"));
        append("{\"junk\":\"" + "x".repeat(LineScanner.MAX_LINE + 10) + "\"}\n");
        log.append(event(EventType.COMPLETE, "w1", "T-1"));

        EventHistory history = reader.readAll();

        assertThat(history.events()).extracting(Event::type).containsExactly("claim", "complete");
        assertThat(history.unreadable()).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(2L);
            assertThat(line.problem()).isEqualTo("a line of " + (LineScanner.MAX_LINE + 21)
                    + " bytes, longer than an event can be (" + LineScanner.MAX_LINE + " bytes)");
            assertThat(line.excerpt()).startsWith("{\"junk\":\"xxx").hasSizeLessThan(100);
        });
    }

    @Test
    void readAll_tornLastLine_isReportedNotFatal() throws Exception {
        log.append(event(EventType.CLAIM, "w1", "T-1"));
        append("{\"time\":\"2026-11-22T10:00:00Z\",\"ty");

        EventHistory history = reader.readAll();

        assertThat(history.events()).hasSize(1);
        assertThat(history.unreadable()).singleElement().satisfies(line -> {
            assertThat(line.lineNumber()).isEqualTo(2);
            assertThat(line.problem()).contains("no line end");
            assertThat(line.describe()).isEqualTo(state.resolve("events.jsonl") + ":2: skipped, no line end (34 bytes):"
                    + " a writer is still appending or died mid-line");
        });
    }

    @Test
    void read_filtersByTaskWorkerAndType() {
        log.append(event(EventType.CLAIM, "w1", "T-1"));
        log.append(event(EventType.CLAIM, "w2", "T-2"));
        log.append(event(EventType.COMPLETE, "w1", "T-1"));
        log.append(event(EventType.MERGE, "w2", "T-1"));

        assertThat(reader.read(EventFilter.ALL.withTask("T-1")).events()).hasSize(3);
        assertThat(reader.read(EventFilter.ALL.withWorker("w2")).events()).extracting(Event::task)
                .containsExactly("T-2", "T-1");
        assertThat(reader.read(EventFilter.ALL.withTypes(EventType.CLAIM, EventType.MERGE)).events()).hasSize(3);
        assertThat(reader.read(EventFilter.ALL.withTask("T-1").withWorker("w1").withTypes(EventType.COMPLETE))
                .events()).singleElement().extracting(Event::type).isEqualTo("complete");
    }

    private Event event(EventType type, String worker, String task) {
        return Event.of(clock, type, worker, task, 1, Map.of());
    }

    private void append(String raw) throws Exception {
        Files.writeString(state.resolve("events.jsonl"), raw, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
