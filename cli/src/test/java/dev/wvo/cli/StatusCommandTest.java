package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.events.EventType;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockMode;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.accounts.RateLimitBoard;
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
import java.util.List;
import java.util.Map;

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
                    "shell", now, now, WorkerStatus.WORKING, "b", 1, now, null, List.of()));
            new RateLimitBoard(state, locks, Clock.systemUTC()).mark("claude", now.plusSeconds(600), "w1", "429");

            Cli.Result r = Cli.inState(state, "status", "--json");

            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode s = JSON.readTree(r.out());
            assertThat(s.get("tasks").get("total").asInt()).isEqualTo(4);
            assertThat(s.get("tasks").get("counts").get("done").asInt()).isEqualTo(1);
            // d's worker "gone" is dead: status shows it so, and changes nothing (reclaim is the workers' and wvo reclaim's)
            assertThat(s.get("tasks").get("counts").get("in_progress").asInt()).isEqualTo(2);
            assertThat(s.get("tasks").get("counts").get("pending").asInt()).isEqualTo(1);
            assertThat(state.resolve("events.jsonl")).doesNotExist();
            JsonNode running = s.get("tasks").get("in_progress");
            assertThat(running).hasSize(2);
            assertThat(running.get(0).get("id").asText()).isEqualTo("b");
            assertThat(running.get(0).get("worker").asText()).isEqualTo("w1");
            assertThat(running.get(0).get("worker_alive").asBoolean()).isTrue();
            assertThat(running.get(0).get("age_seconds").asLong()).isBetween(89L, 3600L);
            assertThat(running.get(1).get("id").asText()).isEqualTo("d");
            assertThat(running.get(1).get("worker_alive").asBoolean()).isFalse();
            JsonNode worker = s.get("workers").get(0);
            assertThat(worker.get("id").asText()).isEqualTo("w1");
            assertThat(worker.get("alive").asBoolean()).isTrue();
            assertThat(worker.get("status").asText()).isEqualTo("working");
            assertThat(worker.get("task").asText()).isEqualTo("b");
            assertThat(worker.get("accounts").toString()).isEqualTo("[\"shell\"]");
            assertThat(s.get("locks").findValuesAsText("resource")).contains("worker:w1");
            assertThat(s.get("rate_limits").get(0).get("backend").asText()).isEqualTo("claude");
            assertThat(s.get("accounts")).extracting(a -> a.get("account").asText() + " " + a.get("usable").asBoolean())
                    .containsExactly("shell true", "claude false");
            assertThat(s.get("all_limited").isNull()).as("shell, w1's account, is usable").isTrue();

            Cli.Result text = Cli.inState(state, "--no-color", "status");
            assertThat(text.exitCode()).isZero();
            assertThat(text.out()).contains("1/4 done").contains("25%")
                    .containsPattern("b\\s+w1\\s+1\\s+1m3\\ds")
                    .containsPattern("w1\\s+working\\s+b #1\\s+shell")
                    .containsPattern("worker:w1\\s+exclusive\\s+w1")
                    .containsPattern("shell\\s+usable")
                    // a reset after midnight is told with its day ("Mon 7 Dec 00:09"): ten minutes a day
                    .containsPattern("claude\\s+limited until (\\w+ \\d+ \\w+ )?\\d\\d:\\d\\d \\(in [^)]+\\)\\s+429");
        }
    }

    @Test
    void status_showsWhyAPendingTasksLastAttemptFailed_beforeItsRetriesRunOut() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: r
                    title: Refused once
                    attempts: 1
                    max_attempts: 3
                    result:
                      outcome: failed
                      finished_at: "2026-12-05T10:00:00Z"
                      summary: "refused: claude's permission mode default refused 1 call: Write out/r.txt (use acceptEdits)"
                  - id: ok
                    title: Never tried
                """);

        JsonNode retrying = JSON.readTree(Cli.inState(state, "status", "--json").out()).at("/tasks/retrying");
        assertThat(retrying).hasSize(1);
        assertThat(retrying.get(0).get("id").asText()).isEqualTo("r");
        assertThat(retrying.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(retrying.get(0).get("max_attempts").asInt()).isEqualTo(3);
        assertThat(retrying.get(0).get("reason").asText()).contains("permission mode default refused");
        assertThat(Cli.inState(state, "--no-color", "status").out()).contains("Waiting to retry")
                .containsPattern("r\\s+1/3\\s+refused: claude's permission mode default refused 1 call");
    }

    @Test
    void status_ofADeadWorker_saysSo() throws Exception {
        Instant now = Instant.now();
        new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord("gone", 1, "vm", "shell", now, now,
                WorkerStatus.WORKING, "d", 2, now, null, List.of()));

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

    /** A merge-queue entry file in the format MergeQueueStore writes. */
    private void queueEntry(String id, String task, String status, String conflictPaths, String failureTail)
            throws Exception {
        Files.createDirectories(state.resolve("merge-queue"));
        Files.writeString(state.resolve("merge-queue/" + id + ".json"), """
                {"id": "%s", "taskId": "%s", "branch": "wvo/w1/%s", "priority": 0, "enqueuedAt": "%s",
                 "status": "%s", "conflictPaths": %s, "failureTail": %s, "mergedCommit": null}
                """.formatted(id, task, task, Instant.now().minusSeconds(120), status, conflictPaths, failureTail));
    }

    private void conflictsEverywhere() throws Exception {
        queueEntry("1-q", "c", "QUEUED", "[]", "null");
        queueEntry("2-x", "b", "CONFLICT", "[\"src/App.java\"]", "null");
        queueEntry("3-t", "a", "TEST_FAILED", "[]", "\"FAILED AppTest.adds\\nmore\"");
        Files.writeString(state.resolve("roadmap.yaml"), Files.readString(state.resolve("roadmap.yaml")) + """
                conflicts:
                  - task: a
                    field: title
                    ours: Done one
                    theirs: Finished one
                """);
        EventLog.in(state).append(new Event(Instant.parse("2026-11-22T10:00:02Z"), EventType.CONFLICT.id(), "w2", "b", 1,
                Map.of("path", "src/App.java", "attempts", List.of("b#1", "c#1"), "suggestion", "escalate",
                        "detail", "both changed lines 3-4 of the base")));
    }

    @Test
    void status_json_carriesTheMergeQueue_andEveryKindOfConflict() throws Exception {
        conflictsEverywhere();

        Cli.Result r = Cli.inState(state, "status", "--json");

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode s = JSON.readTree(r.out());
        assertThat(s.fieldNames()).toIterable().contains("state", "generated_at", "tasks", "workers", "locks",
                "rate_limits", "merge_queue", "conflicts");
        JsonNode queue = s.get("merge_queue");
        assertThat(queue.findValuesAsText("task")).containsExactly("c", "b", "a");
        JsonNode conflict = queue.get(1);
        assertThat(conflict.get("id").asText()).isEqualTo("2-x");
        assertThat(conflict.get("branch").asText()).isEqualTo("wvo/w1/b");
        assertThat(conflict.get("status").asText()).isEqualTo("CONFLICT");
        assertThat(conflict.get("conflict_paths").get(0).asText()).isEqualTo("src/App.java");
        assertThat(conflict.get("age_seconds").asLong()).isBetween(119L, 3600L);
        assertThat(queue.get(2).get("failure").asText()).isEqualTo("FAILED AppTest.adds");
        assertThat(queue.get(0).get("failure").isNull()).isTrue();

        JsonNode conflicts = s.get("conflicts");
        assertThat(conflicts.get("total").asInt()).isEqualTo(4);
        assertThat(conflicts.get("escalated").asInt()).isEqualTo(1);
        JsonNode artifact = conflicts.get("artifacts").get(0);
        assertThat(artifact.get("path").asText()).isEqualTo("src/App.java");
        assertThat(artifact.get("suggestion").asText()).isEqualTo("escalate");
        assertThat(artifact.get("worker").asText()).isEqualTo("w2");
        JsonNode roadmap = conflicts.get("roadmap").get(0);
        assertThat(roadmap.get("task").asText()).isEqualTo("a");
        assertThat(roadmap.get("field").asText()).isEqualTo("title");
        assertThat(roadmap.get("ours").asText()).isEqualTo("Done one");
        assertThat(roadmap.get("theirs").asText()).isEqualTo("Finished one");
        assertThat(roadmap.get("describe").asText()).contains("wvo task resolve a --field title");
        assertThat(conflicts.get("merge_queue").findValuesAsText("id")).containsExactly("2-x", "3-t");
    }

    @Test
    void status_text_showsTheMergeQueue_andTheConflictsTable() throws Exception {
        conflictsEverywhere();

        Cli.Result r = Cli.inState(state, "--no-color", "status");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Merge queue", "Conflicts")
                .containsPattern("b\\s+wvo/w1/b\\s+CONFLICT\\s+2m\\d*s?\\s+src/App.java")
                .containsPattern("a\\s+wvo/w1/a\\s+TEST_FAILED\\s+\\S+\\s+FAILED AppTest.adds")
                .containsPattern("artifact\\s+src/App.java \\(b#1, c#1\\)\\s+escalate: both changed")
                .containsPattern("roadmap\\s+task a title\\s+task a, field title")
                .containsPattern("merge\\s+b wvo/w1/b\\s+CONFLICT: src/App.java");
    }

    @Test
    void status_withNoQueueAndNoConflicts_saysNone() throws Exception {
        JsonNode s = JSON.readTree(Cli.inState(state, "status", "--json").out());

        assertThat(s.get("merge_queue")).isEmpty();
        assertThat(s.get("conflicts").get("total").asInt()).isZero();
        assertThat(Cli.inState(state, "--no-color", "status").out()).contains("Merge queue  none", "Conflicts  none");
    }

    @Test
    void statusWatchJson_withoutATerminal_printsAStreamOfWholeDocuments() throws Exception {
        CliProcess watch = CliProcess.start(dir, "watch-json", Map.of(), "--state", state.toString(), "status",
                "--watch", "--json");
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> documents(watch.stdout()).size() >= 2);
            List<JsonNode> docs = documents(watch.stdout());
            assertThat(docs).allSatisfy(d -> assertThat(d.has("merge_queue") && d.has("conflicts")).isTrue());
            assertThat(watch.stdout()).doesNotContain("\u001b[");
        } finally {
            watch.process.destroy();
        }
    }

    /** The whole JSON documents printed so far; a half-written last one is left out. */
    private static List<JsonNode> documents(String out) {
        List<JsonNode> docs = new java.util.ArrayList<>();
        try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(out)) {
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
        } catch (java.io.IOException | RuntimeException halfWritten) {
            // the process is still writing its next document
        }
        return docs;
    }

    @Test
    void status_withAnUnreadableEventLog_saysWhichFile_withoutAStackTrace() throws Exception {
        Files.deleteIfExists(state.resolve("events.jsonl"));
        Files.createDirectories(state.resolve("events.jsonl")); // a directory where the log should be: reading it fails

        Cli.Result r = Cli.inState(state, "status");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("events.jsonl", "check its permissions").doesNotContain("\tat ", "unexpected");
    }

    /** The roadmap is read on a thread of its own while the rest is: its problem is still the command's error. */
    @Test
    void status_withARoadmapThatCannotBeParsed_saysWhereAndWhat_withoutAStackTrace() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: a\n    title: [unclosed\n");

        Cli.Result r = Cli.inState(state, "status");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("roadmap.yaml:5:1", "YAML syntax", "Fix the file by hand, or restore roadmap.yaml.bak")
                .doesNotContain("\tat ", "unexpected", "fix the file and run the command again"); // what to do, said once
    }

    /** A problem whose message does not say what to do gets the command's advice. */
    @Test
    void status_withAnEmptyRoadmap_saysWhatIsWrong_andWhatToDo() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), "");

        Cli.Result r = Cli.inState(state, "status");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("roadmap.yaml:1:1", "the file is empty", "; fix the file and run the command again");
    }

    /**
     * A command that fails after the roadmap's read began (here its configuration) waits for the
     * read: its exit would otherwise cut short the kept roadmap's write and leave the temp file.
     */
    @Test
    void status_failingWhileTheRoadmapIsReadAhead_leavesTheKeptRoadmapWhole() throws Exception {
        StringBuilder roadmap = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 0; roadmap.length() <= dev.wvo.roadmap.RoadmapCache.WORTH_KEEPING; i++) {
            roadmap.append("  - id: t").append(i).append("\n    title: A task long enough to make the roadmap worth keeping ")
                    .append(i).append("\n    status: pending\n");
        }
        Files.writeString(state.resolve("roadmap.yaml"), roadmap);
        Files.writeString(state.resolve("config.yaml"), "accounts: [unclosed\n");

        Cli.Result r = Cli.inState(state, "status");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("config.yaml");
        try (java.util.stream.Stream<Path> files = Files.list(state.resolve("locks"))) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("roadmap.cache").noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    /** Commands that only read answer at once while a writer holds the roadmap lock: they never take it. */
    @Test
    void readOnlyCommands_answerWhileTheRoadmapIsLocked_andTakeNothingBack() throws Exception {
        try (FileLockManager writer = FileLockManager.builder(state.resolve("locks")).owner("a long writer").build();
             LockHandle held = writer.tryAcquire(RoadmapStore.LOCK, LockMode.EXCLUSIVE).orElseThrow()) {
            for (String[] command : List.of(new String[] {"status"}, new String[] {"status", "--json"},
                    new String[] {"task", "list"}, new String[] {"worker", "list"}, new String[] {"merge-queue", "list"},
                    new String[] {"conflicts"})) {
                Cli.Result r = Cli.inState(state, command);
                assertThat(r.exitCode()).as(String.join(" ", command) + ": " + r.err()).isZero();
            }
            assertThat(held.isValid()).isTrue();
        }
        assertThat(RoadmapReader.read(state.resolve("roadmap.yaml")).task("d").orElseThrow().status())
                .as("the dead worker's task is left for a worker or wvo reclaim").isEqualTo("in_progress");
    }
}
