package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueStore;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo merge-queue list|retry|drop} and merge conflicts in {@code wvo conflicts}, on files written as workers write them. */
class MergeQueueCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path state;
    MergeQueueStore queue;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        Files.writeString(state.resolve("roadmap.yaml"), """
                tasks:
                  - id: T-1
                    title: landed
                    status: done
                    branch: wvo/w1/T-1
                    merge: queued
                  - id: T-2
                    title: conflicted
                    status: blocked
                    branch: wvo/w2/T-2
                    merge: conflict
                  - id: T-3
                    title: depends on T-1
                    dependencies: [T-1]
                """);
        queue = MergeQueueStore.in(state, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    private MergeEntry conflicted() {
        MergeEntry e = queue.enqueue("T-2", "wvo/w2/T-2", 0);
        // a conflict as the merge queue marks it: written through the store's own file format
        try {
            Path file = state.resolve("merge-queue").resolve(e.id() + ".json");
            JsonNode node = JSON.readTree(file.toFile());
            ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("status", "CONFLICT")
                    .putArray("conflictPaths").add("src/App.java");
            Files.writeString(file, JSON.writeValueAsString(node));
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        return queue.find(e.id()).orElseThrow();
    }

    private RoadmapTask task(String id) {
        return RoadmapReader.read(state.resolve("roadmap.yaml")).task(id).orElseThrow();
    }

    @Test
    void list_showsEntriesInOrder_withConflictPaths() throws Exception {
        MergeEntry queued = queue.enqueue("T-1", "wvo/w1/T-1", 5);
        MergeEntry conflict = conflicted();

        Cli.Result r = Cli.inState(state, "merge-queue", "list");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).startsWith("ENTRY").contains("TASK", "BRANCH", "STATUS", "AGE", "DETAIL");
        assertThat(lines.get(1)).contains(queued.id(), "T-1", "wvo/w1/T-1", "queued");
        assertThat(lines.get(2)).contains(conflict.id(), "T-2", "conflict", "conflicts in src/App.java");

        JsonNode json = JSON.readTree(Cli.inState(state, "merge-queue", "list", "--json").out());
        assertThat(json.get("entries")).hasSize(2);
        assertThat(json.get("entries").get(1).get("status").asText()).isEqualTo("conflict");
        assertThat(json.get("entries").get(1).get("conflictPaths").get(0).asText()).isEqualTo("src/App.java");
        assertThat(json.get("entries").get(0).get("ageSeconds").asLong()).isPositive();
    }

    @Test
    void list_ofAnEmptyQueue_saysSo() {
        Cli.Result r = Cli.inState(state, "merge-queue", "list");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("The merge queue is empty.");
    }

    @Test
    void retry_requeuesTheEntry_andTheTaskFollows() {
        MergeEntry conflict = conflicted();

        Cli.Result r = Cli.inState(state, "merge-queue", "retry", conflict.id());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Queued wvo/w2/T-2 (T-2) again");
        assertThat(queue.find(conflict.id()).orElseThrow().status()).isEqualTo(MergeEntry.Status.QUEUED);
        assertThat(task("T-2").status()).isEqualTo("done");
        assertThat(task("T-2").fields()).containsEntry("merge", "queued").containsEntry("branch", "wvo/w2/T-2");
    }

    @Test
    void drop_removesTheEntry_keepsTheStatus_andRemovesTheMergeField() {
        MergeEntry queued = queue.enqueue("T-1", "wvo/w1/T-1", 0);

        Cli.Result r = Cli.inState(state, "merge-queue", "drop", queued.id());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Branch wvo/w1/T-1 is kept", "keeps its status");
        assertThat(queue.list()).isEmpty();
        assertThat(task("T-1").status()).isEqualTo("done");
        assertThat(task("T-1").fields()).doesNotContainKey("merge").containsEntry("branch", "wvo/w1/T-1");
        assertThat(Cli.inState(state, "task", "list").out()).contains("T-3");
    }

    @Test
    void unknownId_isAClearError() {
        for (String action : List.of("retry", "drop")) {
            Cli.Result r = Cli.inState(state, "merge-queue", action, "nope");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err()).contains("No merge-queue entry 'nope'", "wvo merge-queue list");
        }
    }

    @Test
    void conflicts_showMergeQueueConflicts() throws Exception {
        EventLog.in(state).append(new Event(Instant.parse("2026-11-22T10:00:00Z"), EventType.MERGE_CONFLICT.id(), "w1",
                "T-2", null, Map.of("entry", "e1", "branch", "wvo/w2/T-2", "target", "main", "kind", "conflict",
                "strategy", "escalate", "status", "blocked", "paths", List.of("src/App.java"))));

        Cli.Result r = Cli.inState(state, "conflicts");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("src/App.java", "T-2 on wvo/w2/T-2", "escalate", "conflicts with main");
        JsonNode json = JSON.readTree(Cli.inState(state, "conflicts", "--json").out());
        assertThat(json.get("conflicts").get(0).get("source").asText()).isEqualTo("merge-queue");
    }
}
