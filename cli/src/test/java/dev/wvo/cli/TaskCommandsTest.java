package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo task add|list|show|reset} on a real roadmap file. */
class TaskCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void init() {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @Test
    void add_writesEveryOption_andListShowsIt() throws Exception {
        Cli.Result added = Cli.inState(state, "task", "add", "build", "--title", "Build it", "--description", "all of it",
                "--priority", "3", "--domain", "core", "--epic", "E1", "--readonly", "--owns", "src/a,src/b",
                "--command", "make", "--agent", "shell", "--max-attempts", "5");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.err()).isEmpty();

        JsonNode task = JSON.readTree(Cli.inState(state, "task", "show", "build", "--json").out());
        assertThat(task.get("id").asText()).isEqualTo("build");
        assertThat(task.get("title").asText()).isEqualTo("Build it");
        assertThat(task.get("status").asText()).isEqualTo("pending");
        assertThat(task.get("priority").asInt()).isEqualTo(3);
        assertThat(task.get("domain").asText()).isEqualTo("core");
        assertThat(task.get("epic").asText()).isEqualTo("E1");
        assertThat(task.get("claim").isNull()).isTrue();
        assertThat(task.get("runnable").asBoolean()).isTrue();
        assertThat(task.get("blocked_by").isNull()).isTrue();
        assertThat(task.get("fields").get("owns").toString()).isEqualTo("[\"src/a\",\"src/b\"]");
        assertThat(task.get("fields").get("readonly").asBoolean()).isTrue();
        assertThat(task.get("fields").get("command").asText()).isEqualTo("make");
        assertThat(task.get("fields").get("agent").asText()).isEqualTo("shell");
        assertThat(task.get("max_attempts").asInt()).isEqualTo(5);
        assertThat(task.get("fields").get("description").asText()).isEqualTo("all of it");
    }

    @Test
    void add_duplicateId_fails_andLeavesTheFile() throws Exception {
        Cli.inState(state, "task", "add", "a", "--title", "A");
        String before = Files.readString(state.resolve("roadmap.yaml"));

        Cli.Result r = Cli.inState(state, "task", "add", "a", "--title", "again");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("task a exists already").contains("roadmap.yaml:");
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).isEqualTo(before);
    }

    @Test
    void add_unknownDependency_warns_andTheTaskWaits() throws Exception {
        Cli.Result r = Cli.inState(state, "task", "add", "b", "--title", "B", "--depends-on", "a");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("warning").contains("depends on a, which is not in the roadmap");
        JsonNode list = JSON.readTree(Cli.inState(state, "task", "list", "--json").out());
        assertThat(list.get(0).get("runnable").asBoolean()).isFalse();
        assertThat(list.get(0).get("blocked_by").asText()).contains("a");
    }

    @Test
    void list_showsWhyPendingTasksWait_andFiltersByStatus() throws Exception {
        Cli.inState(state, "task", "add", "a", "--title", "First");
        Cli.inState(state, "task", "add", "b", "--title", "Second", "--depends-on", "a");

        Cli.Result table = Cli.inState(state, "--no-color", "task", "list");
        assertThat(table.exitCode()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().toList().get(0)).startsWith("ID").contains("STATUS").contains("WHY NOT RUNNABLE");
        assertThat(table.out()).containsPattern("b\\s+pending\\s+Second\\s+-/-\\s+waits for a \\(pending\\)");

        JsonNode done = JSON.readTree(Cli.inState(state, "task", "list", "--status", "done", "--json").out());
        assertThat(done).isEmpty();
        JsonNode pending = JSON.readTree(Cli.inState(state, "task", "list", "--status", "pending", "--json").out());
        assertThat(pending).hasSize(2);
        assertThat(pending.get(1).get("dependencies").get(0).asText()).isEqualTo("a");
    }

    @Test
    void list_printsRoadmapWarningsWithLineNumbers() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: A
                  - id: a
                    title: duplicate
                """);

        Cli.Result r = Cli.inState(state, "task", "list");

        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).contains("roadmap.yaml:5:").contains("warning");
    }

    @Test
    void list_ofABrokenRoadmap_failsWithItsPosition() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), "tasks:\n  - id: a\n    title: [unclosed\n");

        Cli.Result r = Cli.inState(state, "task", "list");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).containsPattern("roadmap\\.yaml:\\d+:\\d+");
    }

    @Test
    void show_printsUnknownFields_andTheResult() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: A
                    status: done
                    owner_team: platform
                    result:
                      outcome: done
                      summary: built
                """);

        Cli.Result text = Cli.inState(state, "--no-color", "task", "show", "a");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).contains("owner_team: platform").contains("summary: built").contains("not runnable: status is done");

        JsonNode json = JSON.readTree(Cli.inState(state, "task", "show", "a", "--json").out());
        assertThat(json.get("result").get("summary").asText()).isEqualTo("built");
        assertThat(json.get("fields").get("owner_team").asText()).isEqualTo("platform");

        Cli.Result missing = Cli.inState(state, "task", "show", "nope");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(missing.err()).contains("no task nope");
    }

    @Test
    void reset_ofADeadWorkersTask_returnsItToPending_keepingAttempts() throws Exception {
        writeInProgress("gone-worker");

        Cli.Result r = Cli.inState(state, "task", "reset", "a");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode task = JSON.readTree(Cli.inState(state, "task", "show", "a", "--json").out());
        assertThat(task.get("status").asText()).isEqualTo("pending");
        assertThat(task.get("claim").isNull()).isTrue();
        assertThat(task.get("attempts").asInt()).isEqualTo(1);
        assertThat(task.get("runnable").asBoolean()).isTrue();
    }

    @Test
    void reset_ofATaskBlockedWithAllItsAttemptsUsed_givesItOneMore_soThatItRunsAgain() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: Stalls
                    status: blocked
                    attempts: 2
                    max_attempts: 2
                    reactions: {stalled: 2}
                """);

        Cli.Result r = Cli.inState(state, "task", "reset", "a");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("max_attempts is now 3");
        JsonNode task = JSON.readTree(Cli.inState(state, "task", "show", "a", "--json").out());
        assertThat(task.get("status").asText()).isEqualTo("pending");
        assertThat(task.get("attempts").asInt()).isEqualTo(2);
        assertThat(task.get("runnable").asBoolean()).isTrue();
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).doesNotContain("reactions");
    }

    @Test
    void reset_ofALiveWorkersTask_isRefusedWithoutForce() throws Exception {
        writeInProgress("w1");
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner("w1").build();
             LockHandle ignored = locks.tryAcquire(WorkerPresence.resourceOf("w1"), LockMode.EXCLUSIVE).orElseThrow()) {

            Cli.Result refused = Cli.inState(state, "task", "reset", "a");
            assertThat(refused.exitCode()).isEqualTo(ExitCodes.FAILURE);
            assertThat(refused.err()).contains("live worker w1").contains("--force");
            assertThat(Files.readString(state.resolve("roadmap.yaml"))).contains("status: in_progress");

            Cli.Result forced = Cli.inState(state, "task", "reset", "a", "--force");
            assertThat(forced.exitCode()).as(forced.err()).isZero();
            assertThat(Files.readString(state.resolve("roadmap.yaml"))).contains("status: pending").doesNotContain("claim");
        }
    }

    private void writeInProgress(String worker) throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: A
                    status: in_progress
                    attempts: 1
                    claim:
                      worker: %s
                      claimed_at: "2026-11-22T10:00:00Z"
                      attempt: 2
                """.formatted(worker));
    }
}
