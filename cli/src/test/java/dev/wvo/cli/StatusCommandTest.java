package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.RateLimitBoard;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo status}: counts, tasks in progress, workers, locks and rate limits, as text and JSON. */
class StatusCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        Instant claimed = Instant.now().minusSeconds(90);
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: Done one
                    status: done
                  - id: b
                    title: Running one
                    status: in_progress
                    claim:
                      worker: w1
                      claimed_at: "%s"
                      attempt: 1
                  - id: c
                    title: Waiting one
                    dependencies: [b]
                  - id: d
                    title: Orphan
                    status: in_progress
                    claim:
                      worker: gone
                      claimed_at: "%s"
                      attempt: 2
                """.formatted(claimed, claimed));
    }

    @Test
    void status_json_reportsEverySection() throws Exception {
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner("w1").build();
             LockHandle ignored = locks.tryAcquire(WorkerPresence.resourceOf("w1"), LockMode.EXCLUSIVE).orElseThrow()) {
            Instant now = Instant.now();
            new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord("w1", ProcessHandle.current().pid(), "vm",
                    "shell", now, now, WorkerStatus.WORKING, "b", 1, now, null));
            new RateLimitBoard(state, locks, Clock.systemUTC()).mark("claude", now.plusSeconds(600), "w1", "429");

            Cli.Result r = Cli.inState(state, "status", "--json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode s = JSON.readTree(r.out());
            assertThat(s.get("tasks").get("total").asInt()).isEqualTo(4);
            assertThat(s.get("tasks").get("counts").get("done").asInt()).isEqualTo(1);
            // d's worker "gone" is dead: status takes its claim back (attempt 2 of 3 spent: pending again)
            assertThat(s.get("tasks").get("counts").get("in_progress").asInt()).isEqualTo(1);
            assertThat(s.get("tasks").get("counts").get("pending").asInt()).isEqualTo(2);
            assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"type\":\"reclaim\"", "wvo status");
            JsonNode running = s.get("tasks").get("in_progress");
            assertThat(running).hasSize(1);
            assertThat(running.get(0).get("id").asText()).isEqualTo("b");
            assertThat(running.get(0).get("worker").asText()).isEqualTo("w1");
            assertThat(running.get(0).get("worker_alive").asBoolean()).isTrue();
            assertThat(running.get(0).get("age_seconds").asLong()).isBetween(89L, 3600L);
            JsonNode worker = s.get("workers").get(0);
            assertThat(worker.get("id").asText()).isEqualTo("w1");
            assertThat(worker.get("alive").asBoolean()).isTrue();
            assertThat(worker.get("status").asText()).isEqualTo("working");
            assertThat(worker.get("task").asText()).isEqualTo("b");
            assertThat(s.get("locks").findValuesAsText("resource")).contains("worker:w1");
            assertThat(s.get("rate_limits").get(0).get("backend").asText()).isEqualTo("claude");

            Cli.Result text = Cli.inState(state, "--no-color", "status");
            assertThat(text.exitCode()).isZero();
            assertThat(text.out()).contains("1/4 done").contains("25%")
                    .containsPattern("b\\s+w1\\s+1\\s+1m3\\ds")
                    .containsPattern("w1\\s+working\\s+b #1\\s+shell")
                    .containsPattern("worker:w1\\s+exclusive\\s+w1")
                    .containsPattern("claude\\s+\\S+\\s+w1\\s+429");
        }
    }

    @Test
    void status_ofADeadWorker_saysSo() throws Exception {
        Instant now = Instant.now();
        new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord("gone", 1, "vm", "shell", now, now,
                WorkerStatus.WORKING, "d", 2, now, null));

        JsonNode s = JSON.readTree(Cli.inState(state, "status", "--json").out());
        assertThat(s.get("workers").get(0).get("alive").asBoolean()).isFalse();
        assertThat(Cli.inState(state, "--no-color", "status").out()).contains("dead (was working)");
    }

    @Test
    void status_withoutAState_tellsToInit() {
        Cli.Result r = Cli.inState(dir.resolve("nowhere"), "status");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("wvo init");
    }
}
