package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo reclaim}: dead workers' claims come back; live ones stay. */
class ReclaimCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void reclaim_takesBackOnlyDeadWorkersClaims_andLogsThem() throws Exception {
        Path state = dir.resolve("state");
        Cli.inState(state, "init");
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: live
                    title: L
                    status: in_progress
                    claim: {worker: w1, claimed_at: "2026-11-22T10:00:00Z", attempt: 1}
                  - id: dead
                    title: D
                    status: in_progress
                    claim: {worker: gone, claimed_at: "2026-11-22T10:00:00Z", attempt: 1}
                  - id: spent
                    title: S
                    status: in_progress
                    max_attempts: 2
                    attempts: 1
                    claim: {worker: gone, claimed_at: "2026-11-22T10:00:00Z", attempt: 2}
                """);
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner("w1").build();
             LockHandle ignored = locks.tryAcquire(WorkerPresence.resourceOf("w1"), LockMode.EXCLUSIVE).orElseThrow()) {

            Cli.Result r = Cli.inState(state, "reclaim");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("Took back dead from dead worker gone (attempt 1); now pending.")
                    .contains("Took back spent from dead worker gone (attempt 2); now failed.")
                    .doesNotContain("live");
            JsonNode tasks = JSON.readTree(Cli.inState(state, "task", "list", "--json").out());
            assertThat(tasks.findValuesAsText("status")).containsExactly("in_progress", "pending", "failed");
            List<String> events = Files.readAllLines(state.resolve("events.jsonl"));
            assertThat(events).hasSize(2).allMatch(e -> e.contains("\"type\":\"reclaim\"") && e.contains("\"dead_worker\":\"gone\""));

            assertThat(Cli.inState(state, "reclaim").out()).contains("No claims of dead workers.");
        }
    }
}
