package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.conflict.ArtifactConflict;
import dev.wvo.conflict.AttemptId;
import dev.wvo.conflict.ConflictRegion;
import dev.wvo.conflict.LineRange;
import dev.wvo.conflict.Resolution;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConflictsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    private static final AttemptId A = new AttemptId("T-1", 1);
    private static final AttemptId B = new AttemptId("T-2", 1);

    private void record(String time, String worker, AttemptId attempt, ArtifactConflict conflict) {
        EventLog.in(state).append(new Event(Instant.parse(time), EventType.CONFLICT.id(), worker, attempt.task(),
                attempt.attempt(), conflict.toMap()));
    }

    private void writeLog() {
        record("2026-11-22T10:00:00Z", "worker1", B, new ArtifactConflict("README.md", List.of(A, B),
                Resolution.THREE_WAY_MERGE, null, "merged".getBytes(), List.of(), "the changes do not overlap"));
        EventLog.in(state).append(new Event(Instant.parse("2026-11-22T10:00:01Z"), EventType.CLAIM.id(), "worker1",
                "T-3", 1, Map.of()));
        record("2026-11-22T10:00:02Z", "worker2", A, new ArtifactConflict("src/App.java", List.of(A, B),
                Resolution.ESCALATE, null, null,
                List.of(new ConflictRegion(A, B, new LineRange(3, 2), new LineRange(3, 4), new LineRange(3, 1))),
                "both changed lines 3-4 of the base"));
    }

    @Test
    void conflicts_listsTheConflictEventsNewestFirst() {
        writeLog();

        Cli.Result r = Cli.inState(state, "conflicts");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out().lines().toList()).containsExactly(
                "RECORDED              PATH          ATTEMPTS      SUGGESTION       DETAIL",
                "2026-11-22T10:00:02Z  src/App.java  T-1#1, T-2#1  escalate         both changed lines 3-4 of the base",
                "2026-11-22T10:00:00Z  README.md     T-1#1, T-2#1  three-way-merge  the changes do not overlap",
                "2 conflict(s), 1 to resolve by hand; from " + state.resolve("events.jsonl"));
    }

    @Test
    void json_holdsTheDetectorsFieldsAndWhoRecordedThem() throws IOException {
        writeLog();

        Cli.Result r = Cli.inState(state, "conflicts", "--json");

        assertThat(r.exitCode()).isZero();
        JsonNode doc = JSON.readTree(r.out());
        assertThat(doc.get("eventLog").asText()).isEqualTo(state.resolve("events.jsonl").toString());
        JsonNode conflicts = doc.get("conflicts");
        assertThat(conflicts).hasSize(2);
        JsonNode newest = conflicts.get(0);
        assertThat(newest.get("recordedAt").asText()).isEqualTo("2026-11-22T10:00:02Z");
        assertThat(newest.get("worker").asText()).isEqualTo("worker2");
        assertThat(newest.get("task").asText()).isEqualTo("T-1");
        assertThat(newest.get("attempt").asInt()).isEqualTo(1);
        assertThat(newest.get("path").asText()).isEqualTo("src/App.java");
        assertThat(newest.get("suggestion").asText()).isEqualTo("escalate");
        assertThat(newest.get("attempts").toString()).isEqualTo("[\"T-1#1\",\"T-2#1\"]");
        assertThat(newest.get("regions").get(0).get("leftLines").toString()).isEqualTo("[3,4]");
        assertThat(conflicts.get(1).get("resolvedBytes").asInt()).isEqualTo(6);
    }

    @Test
    void noConflicts_saysSo() throws IOException {
        Cli.Result r = Cli.inState(state, "conflicts");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("No conflicts recorded in ");
        assertThat(JSON.readTree(Cli.inState(state, "conflicts", "--json").out()).get("conflicts")).isEmpty();
    }
}
