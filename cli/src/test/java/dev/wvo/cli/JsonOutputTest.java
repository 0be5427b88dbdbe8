package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --json} on every command whose output is data, and what the newer ones print. */
class JsonOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Commands whose output is not data: they act (and say what they did in a sentence), run a
     * long process, or print a script or a document meant for a person.
     */
    private static final Set<String> NOT_DATA = Set.of("wvo", "wvo demo", "wvo init", "wvo task", "wvo task add",
            "wvo task reset", "wvo task resolve", "wvo worker", "wvo worker stop", "wvo worker pause",
            "wvo worker resume", "wvo shell", "wvo context", "wvo context merge", "wvo context add", "wvo lock",
            "wvo lock exec", "wvo lock break", "wvo plugins", "wvo merge-driver", "wvo git", "wvo git setup",
            "wvo completion", "wvo merge-queue", "wvo merge-queue retry", "wvo merge-queue drop",
            "wvo limits clear", // an action: it says what it did, and `wvo limits --json` shows the board
            // actions too: `wvo ps --json`, `wvo merge-queue list --json` and `wvo status --json` show their results
            "wvo up", "wvo down", "wvo merge-queue next", "wvo import",
            "wvo export", // prints a document of the tracker's own format (beads JSON Lines, prd.json)
            "wvo serve"); // a server: its page and /api/status serve the status model as JSON

    @TempDir
    Path dir;

    private Path state;

    @BeforeEach
    void init() {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    @Test
    void everyCommandThatPrintsData_hasJson() {
        List<String> missing = new ArrayList<>();
        walk(Main.newCommandLine(Map.of()).getCommandSpec(), missing);
        assertThat(missing).as("commands printing data without --json (or add them to NOT_DATA with a reason)").isEmpty();
    }

    private static void walk(CommandSpec spec, List<String> missing) {
        String name = spec.qualifiedName();
        if (!NOT_DATA.contains(name) && spec.findOption("--json") == null) {
            missing.add(name);
        }
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).distinct()
                .forEach(sub -> walk(sub, missing));
    }

    @Test
    void reclaim_json_listsWhatWasTakenBack() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: Orphan
                    status: in_progress
                    claim:
                      worker: gone
                      claimed_at: "2026-11-22T10:00:00Z"
                      attempt: 1
                """);

        Cli.Result r = Cli.inState(state, "reclaim", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode task = JSON.readTree(r.out()).get("reclaimed").get(0);
        assertThat(task.get("task").asText()).isEqualTo("a");
        assertThat(task.get("dead_worker").asText()).isEqualTo("gone");
        assertThat(task.get("attempt").asInt()).isEqualTo(1);
        assertThat(task.get("status").asText()).isEqualTo("pending");
        assertThat(JSON.readTree(Cli.inState(state, "reclaim", "--json").out()).get("reclaimed")).isEmpty();
    }

    @Test
    void contextShow_json_givesTheSections_orOne() throws Exception {
        Files.writeString(state.resolve("context.md"), "# Shared\n\nintro\n\n## Build\nuse mvn\n\n## Recent Updates\n- x\n");

        JsonNode all = JSON.readTree(Cli.inState(state, "context", "show", "--json").out());
        assertThat(all.get("file").asText()).endsWith("context.md");
        assertThat(all.get("sections").findValuesAsText("heading")).containsExactly("Build", "Recent Updates");
        assertThat(all.get("sections").get(0).get("body").asText()).contains("use mvn");

        JsonNode one = JSON.readTree(Cli.inState(state, "context", "show", "--section", "Build", "--json").out());
        assertThat(one.get("sections")).hasSize(1);
        Cli.Result none = Cli.inState(state, "context", "show", "--section", "Nope", "--json");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("no section '## Nope'").doesNotContain("Exception");
    }

    @Test
    void workerList_showsTheRecords_asATableAndAsJson() throws Exception {
        try (FileLockManager locks = FileLockManager.builder(state.resolve("locks")).owner("w1").build();
             LockHandle ignored = locks.tryAcquire(WorkerPresence.resourceOf("w1"), LockMode.EXCLUSIVE).orElseThrow()) {
            Instant now = Instant.now();
            WorkerRegistry registry = new WorkerRegistry(state.resolve("workers"));
            registry.write(new WorkerRecord("w1", ProcessHandle.current().pid(), "vm", "shell", now, now,
                    WorkerStatus.WORKING, "b", 1, now, null, List.of()));
            registry.write(new WorkerRecord("w2", 1, "vm", "claude", now, now, WorkerStatus.IDLE, null, null, null, null, List.of()));

            Cli.Result r = Cli.inState(state, "worker", "list", "--json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode workers = JSON.readTree(r.out()).get("workers");
            assertThat(workers.findValuesAsText("id")).containsExactlyInAnyOrder("w1", "w2");
            for (JsonNode w : workers) {
                assertThat(w.get("alive").asBoolean()).isEqualTo(w.get("id").asText().equals("w1"));
            }
            Cli.Result text = Cli.inState(state, "--no-color", "worker", "list");
            assertThat(text.out()).containsPattern("w1\\s+yes\\s+working\\s+b #1\\s+shell")
                    .containsPattern("w2\\s+no\\s+idle\\s+-\\s+claude");
        }
        assertThat(Cli.inState(dir.resolve("nowhere"), "worker", "list").err()).contains("wvo init");
    }
}
