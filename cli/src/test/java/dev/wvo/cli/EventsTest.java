package dev.wvo.cli;

import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventsTest {

    @TempDir
    Path state;

    private final List<Event> written = List.of(
            event("2026-11-22T10:00:00Z", EventType.CLAIM, "worker1", "T-1", 1, Map.of("agent", "shell")),
            event("2026-11-22T10:00:01Z", EventType.CLAIM, "worker-long-name", "T-22", 1, Map.of()),
            event("2026-11-22T10:00:05Z", EventType.FAIL, "worker1", "T-1", 1,
                    details("reason", "exit 3: tests failed", "exitCode", 3)),
            event("2026-11-22T10:00:06Z", EventType.LOCK_BREAK, null, null, null, details("resource", "roadmap")));

    private static Event event(String time, EventType type, String worker, String task, Integer attempt,
                               Map<String, Object> details) {
        return new Event(Instant.parse(time), type.id(), worker, task, attempt, details);
    }

    private static Map<String, Object> details(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private void writeLog() {
        EventLog log = EventLog.in(state);
        written.forEach(log::append);
    }

    @Test
    void events_printsOneAlignedLinePerEvent_oldestFirst() {
        writeLog();

        Cli.Result r = Cli.inState(state, "events");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).containsExactly(
                "2026-11-22T10:00:00.000Z  claim       worker1           T-1#1   agent=shell",
                "2026-11-22T10:00:01.000Z  claim       worker-long-name  T-22#1",
                "2026-11-22T10:00:05.000Z  fail        worker1           T-1#1   reason=\"exit 3: tests failed\" exitCode=3",
                "2026-11-22T10:00:06.000Z  lock-break  -                 -       resource=roadmap");
    }

    @Test
    void filters_byTaskWorkerAndType_combine() {
        writeLog();

        assertThat(Cli.inState(state, "events", "--task", "T-1").out().lines()).hasSize(2);
        assertThat(Cli.inState(state, "events", "--worker", "worker1", "--type", "fail").out().lines())
                .singleElement().asString().contains("fail").contains("exitCode=3");
        assertThat(Cli.inState(state, "events", "--type", "claim,lock-break").out().lines()).hasSize(3);
        assertThat(Cli.inState(state, "events", "--type", "claim", "--type", "fail", "--task", "T-22").out().lines())
                .singleElement().asString().contains("T-22#1");
        Cli.Result none = Cli.inState(state, "events", "--task", "T-9");
        assertThat(none.exitCode()).isZero();
        assertThat(none.out()).startsWith("No events matching the filters in ");
    }

    @Test
    void json_printsEachEventAsTheLineStoredInTheLog() throws IOException {
        writeLog();

        Cli.Result r = Cli.inState(state, "events", "--json", "--task", "T-1");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(EventCodec.toJson(written.get(0)), EventCodec.toJson(written.get(2)));
        assertThat(Files.readAllLines(EventLog.in(state).file())).contains(r.out().lines().toArray(String[]::new));
    }

    @Test
    void unreadableLines_areSkippedAndReportedOnStderrWithFileAndLine() throws IOException {
        writeLog();
        Path file = EventLog.in(state).file();
        Files.writeString(file, "this is not json\n", StandardOpenOption.APPEND);
        EventLog.in(state).append(written.get(0));
        Files.write(file, "{\"time\":\"2026".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

        Cli.Result r = Cli.inState(state, "events");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines()).hasSize(5);
        assertThat(r.err().lines().toList()).satisfiesExactly(
                first -> assertThat(first).startsWith("wvo: " + file + ":5: skipped, not JSON"),
                second -> assertThat(second).startsWith("wvo: " + file + ":7: skipped, no line end"));
    }

    @Test
    void missingLog_isEmpty_notAnError() {
        Cli.Result r = Cli.inState(state, "events");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("No events in " + state.resolve("events.jsonl") + ".\n");

        Cli.Result json = Cli.inState(state, "events", "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).isEmpty();
        assertThat(Files.exists(state.resolve("events.jsonl"))).isFalse();
    }

    @Test
    void unknownType_isAUsageErrorNamingTheKnownTypes() {
        Cli.Result r = Cli.inState(state, "events", "--type", "claim,clam");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("wvo: Unknown event type(s) for --type: clam; known types: claim, complete, fail")
                .contains("Try 'wvo events --help'");
    }
}
