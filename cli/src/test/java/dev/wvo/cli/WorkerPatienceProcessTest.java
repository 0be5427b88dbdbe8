package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21, defects 6, 7, 8, 10 and 14 with real wvo JVMs: what a worker does when the roadmap is
 * replaced, half-edited or locked for long beside it, when it cannot start agents at all, and
 * when it is stopped by a signal.
 */
@Tag("process")
class WorkerPatienceProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    private CliProcess wvo(String name, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of("--state", state.toString()));
        all.addAll(List.of(args));
        return CliProcess.start(dir, name, Map.of(), all.toArray(String[]::new));
    }

    private CliProcess worker(String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("worker", "--id", name, "--agent", "shell", "--plugins",
                plugins.toString(), "--workdir", dir.toString()));
        args.addAll(List.of(options));
        return wvo(name, args.toArray(String[]::new));
    }

    private JsonNode task(String id) throws IOException {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
    }

    private static String roadmapOf(String prefix, int count, String command) {
        StringBuilder text = new StringBuilder("version: 2\ntasks:\n");
        for (int i = 1; i <= count; i++) {
            text.append("  - {id: ").append(prefix).append(i).append(", title: t, command: '").append(command).append("'}\n");
        }
        return text.toString();
    }

    /** Defect 6: `init --force` beside a working worker let the old roadmap come back (2 of 6 trials). */
    @Test
    void initForce_besideAWorkingWorker_neverBringsTheOldRoadmapBack() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), roadmapOf("Old", 200, "true"));
        CliProcess worker = worker("w1");
        await().atMost(PATIENCE).until(() -> worker.stdout().contains("Old1 done"));

        for (int round = 1; round <= 3; round++) {
            String prefix = "R" + round + "x";
            Path next = Files.writeString(dir.resolve("next" + round + ".yaml"), roadmapOf(prefix, 200, "true"));
            CliProcess init = wvo("init" + round, "init", "--force", "--from", next.toString());
            assertThat(init.exitCode()).as(init.stderr()).isZero();

            // the worker has finished tasks of the new roadmap since: every write of its was to the new one
            int from = worker.stdout().length();
            await().atMost(PATIENCE).until(() -> worker.stdout().substring(from).matches("(?s).*" + prefix + "\\d+ done.*"));
            String roadmap = Files.readString(state.resolve("roadmap.yaml"));
            assertThat(roadmap).as("round " + round).doesNotContain("id: Old").contains("id: " + prefix + "200,");
        }
        worker.process.destroy();
        assertThat(worker.exitCode()).as(worker.stderr()).isZero();
    }

    /**
     * Defect 7: a roadmap a person is editing (unparseable for a while) made every worker exit 1,
     * idle ones too, and aborted the running task. Now both wait and say why; the running task
     * ends and its result is written once the file parses again.
     */
    @Test
    void aRoadmapMidEdit_makesRunningAndIdleWorkersWait_andTheRunningTaskIsRecordedAfter() throws Exception {
        Cli.inState(state, "task", "add", "A", "--title", "a", "--command",
                "echo started > started; while [ ! -f go ]; do sleep 0.1; done; echo A >> ran");
        Cli.inState(state, "task", "add", "B", "--title", "b", "--depends-on", "A", "--command", "echo B >> ran");
        CliProcess busy = worker("w1", "--exit-when-idle");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started")));
        CliProcess idle = worker("w2", "--exit-when-idle");
        await().atMost(PATIENCE).until(() -> idle.stdout().contains("w2: started"));

        Path roadmap = state.resolve("roadmap.yaml");
        String before = Files.readString(roadmap);
        Files.writeString(roadmap, before.replace("title: b", "title: [b")); // a person mid-edit
        Files.writeString(dir.resolve("go"), "");

        await().atMost(PATIENCE).until(() -> busy.stdout().contains("wvo: waiting: ")
                && idle.stdout().contains("wvo: waiting: "));
        assertThat(busy.stdout()).contains(roadmap + ":", "Fix the file: this worker goes on once it can be read");
        assertThat(busy.process.isAlive()).as(busy.stderr()).isTrue();
        assertThat(idle.process.isAlive()).as(idle.stderr()).isTrue();
        assertThat(Files.readAllLines(dir.resolve("ran"))).as("the running task was not stopped").containsExactly("A");

        Files.writeString(roadmap, before); // the edit is finished

        assertThat(busy.exitCode(PATIENCE)).as(busy.stderr()).isZero();
        assertThat(idle.exitCode(PATIENCE)).as(idle.stderr()).isZero();
        assertThat(busy.stdout()).contains("wvo: the roadmap can be used again; going on", "w1: A done");
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactly("A", "B");
        assertThat(task("A").get("attempts").asInt()).as("one attempt, recorded once").isEqualTo(1);
    }

    /** Defect 14: workers exited 1 when the roadmap lock was held longer than a minute (`git pull` on a passphrase). */
    @Test
    void aRoadmapLockHeldLong_makesAWorkerWaitAndSayWhoHoldsIt() throws Exception {
        Cli.inState(state, "task", "add", "A", "--title", "a", "--command", "echo A >> ran");
        CliProcess holder = wvo("holder", "lock", "exec", "roadmap", "--", "sh", "-c",
                "echo held > held; while [ ! -f release ]; do sleep 0.1; done");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("held")));

        CliProcess worker = worker("w1", "--exit-when-idle");
        await().atMost(PATIENCE).until(() -> worker.stdout().contains("wvo: waiting: the roadmap lock is held by "));
        assertThat(worker.stdout()).contains("pid " + holder.process.pid(), "this worker goes on once it is free");
        assertThat(worker.process.isAlive()).as(worker.stderr()).isTrue();

        Files.writeString(dir.resolve("release"), "");

        assertThat(holder.exitCode()).as(holder.stderr()).isZero();
        assertThat(worker.exitCode(PATIENCE)).as(worker.stderr()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactly("A");
    }

    /**
     * Defect 10: a worker that could not start agents (no working directory, a task without a
     * command on the shell backend) marked every task blocked in two seconds and exited 0.
     */
    @Test
    void aWorkerThatCannotStartAgents_stopsWithTheReason_andLeavesTheTasksAsTheyWere() throws Exception {
        Cli.inState(state, "task", "add", "A", "--title", "for an agent");
        Cli.inState(state, "task", "add", "B", "--title", "b", "--command", "echo B >> ran");
        String roadmap = Files.readString(state.resolve("roadmap.yaml"));

        CliProcess nowhere = wvo("nowhere", "worker", "--agent", "shell", "--plugins", plugins.toString(),
                "--workdir", dir.resolve("gone").toString(), "--exit-when-idle");
        assertThat(nowhere.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(nowhere.stderr()).isEqualTo("wvo: --workdir " + dir.resolve("gone") + " is not a directory: give "
                + "the directory the agents work in (default: the current one)\n");
        assertThat(state.resolve("roadmap.yaml")).hasContent(roadmap);

        CliProcess shell = worker("w1", "--exit-when-idle");
        assertThat(shell.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(shell.stderr()).isEqualTo("wvo: Worker w1 cannot start agents, so it stopped and left the tasks as "
                + "they were: task A has no command, and the shell backend has no command_template: give the task a "
                + "`command:`, set backends.shell.command_template in config.yaml, or run such tasks with an agent "
                + "(wvo worker --agent claude)\n");
        for (String id : List.of("A", "B")) {
            JsonNode t = task(id);
            assertThat(t.get("status").asText()).as(id).isEqualTo("pending");
            assertThat(t.get("attempts").asInt()).as(id + ": no attempt spent").isZero();
            assertThat(t.get("claim").isNull()).as(id).isTrue();
        }
        assertThat(dir.resolve("ran")).doesNotExist();
    }

    /**
     * Defect 8: SIGINT or SIGTERM to a worker stopped the agent's children before its shell, so the
     * rest of the agent's script sometimes ran after the task was given back. The agent's whole
     * process group is now stopped at once.
     */
    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalToTheWorker_stopsTheAgentsWholeGroup_beforeItsScriptGoesOn(String signal) throws Exception {
        Cli.inState(state, "task", "add", "A", "--title", "a", "--command",
                "(sleep 30; echo late > late) & echo started > started; sleep 30; echo end > end");
        CliProcess worker = worker("w1");
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started")));
        List<ProcessHandle> descendants = worker.process.descendants().toList();
        List<ProcessHandle> agent = descendants.stream().filter(p -> !CliProcess.isParentDeathWatch(p)).toList();
        assertThat(agent).as("the shell, its sleep and its background job").hasSizeGreaterThanOrEqualTo(3);

        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(worker.process.pid())).start().waitFor()).isZero();

        assertThat(worker.exitCode()).as(worker.stderr()).isZero();
        assertThat(agent).as("every process of the agent has ended").noneMatch(ProcessHandle::isAlive);
        await("the parent-death watch sees the JVM gone and ends").atMost(PATIENCE)
                .until(() -> descendants.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(dir.resolve("end")).as("the script did not go on").doesNotExist();
        assertThat(dir.resolve("late")).as("nor its background job").doesNotExist();
        assertThat(worker.stdout()).contains("w1: A given back (worker stopping)");
        assertThat(task("A").get("status").asText()).isEqualTo("pending");
    }
}
