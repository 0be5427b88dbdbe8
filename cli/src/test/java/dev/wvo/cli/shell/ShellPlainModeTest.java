package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerControl;
import org.jline.reader.impl.DefaultParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shell with input from a pipe: one command per line, plain answers. Every line is a wvo
 * command line, run by the same commands as wvo itself.
 */
class ShellPlainModeTest {

    @TempDir
    Path state;

    private ShellFixture fixture;
    private FileLockManager locks;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ShellFixture(state);
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
        fixture.close();
    }

    private ShellCommands commands() {
        return ShellFixture.commands(state, locks, ShellFixture.noLauncher(state));
    }

    private String run(String... lines) {
        StringWriter out = new StringWriter();
        ShellSession session = new ShellSession(commands(), state.resolve(".shell-history"));
        int code = session.runPlain(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
                new PrintWriter(out, true));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void taskList_isWvoTaskList_plain() {
        String out = run("task list");

        assertThat(out).contains("ID", "STATUS", "WHY NOT RUNNABLE")
                .containsPattern("beta-api\\s+in_progress\\s+Write the API")
                .containsPattern("gamma-docs\\s+pending\\s+Document it.*waits for beta-api");
        assertThat(out).doesNotContain("\u001b[");
    }

    @Test
    void status_isWvoStatus() {
        String out = run("status");

        assertThat(out).contains("1/3 done", "pending 1 · in_progress 1 · done 1")
                .containsPattern("worker-1\\s+working\\s+beta-api #1\\s+shell")
                .containsPattern("worker-2\\s+dead \\(was idle\\)");
    }

    @Test
    void taskShow_printsOneTask_andAnUnknownIdIsOneErrorLine_andTheShellGoesOn() {
        String out = run("task show gamma-docs", "task show nope", "task show beta-api");

        assertThat(out).contains("title: Document it", "- beta-api", "worker: worker-1");
        assertThat(out.lines().filter(l -> l.startsWith("wvo: ")).toList())
                .singleElement().asString().contains("no task nope");
    }

    @Test
    void workerList_showsAliveAndTask() {
        String out = run("worker list");

        assertThat(out).containsPattern("worker-1\\s+yes\\s+working\\s+beta-api #1")
                .containsPattern("worker-2\\s+no\\s+idle");
    }

    @Test
    void lockListAndBreak_refuseALiveHolderWithoutForce() {
        String out = run("lock list", "lock break src/app", "lock break src/app --force", "lock break src/app");

        assertThat(out).containsPattern("src/app\\s+exclusive");
        assertThat(out).contains("wvo: lock 'src/app' is held by a live holder", "Broke lock 'src/app'",
                "No lock on 'src/app'");
    }

    @Test
    void workerPauseAndResumeAll_writeAndClearTheRequest() {
        WorkerControl control = new WorkerControl(new StateDir(state));

        assertThat(run("worker pause all")).contains("Asked all workers to pause");
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.PAUSE);

        assertThat(run("worker resume all")).contains("Cleared the request for all workers");
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.RUN);
    }

    @Test
    void workerPause_ofAnUnknownWorker_writesNothing() {
        String out = run("worker pause worker-9");

        assertThat(out).startsWith("wvo: no live worker 'worker-9'");
        assertThat(new WorkerControl(new StateDir(state)).requestFor("worker-9"))
                .isEqualTo(WorkerControl.Request.RUN);
    }

    @Test
    void reclaim_leavesTheTaskOfALiveWorker() {
        assertThat(run("reclaim")).contains("No claims of dead workers.");
    }

    @Test
    void reclaim_givesBackTheTaskOfAWorkerThatIsGone_andLogsIt() throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: orphan
                    title: Left behind
                    status: in_progress
                    claim:
                      worker: worker-2
                      claimed_at: '2026-11-22T09:58:00Z'
                      attempt: 1
                """);

        String out = run("reclaim", "task list", "events");

        assertThat(out).contains("Took back orphan from dead worker worker-2 (attempt 1); now pending.")
                .containsPattern("orphan\\s+pending")
                .containsPattern("reclaim +- +orphan#1 +dead_worker=worker-2 status=pending by=\"wvo reclaim\"");
    }

    @Test
    void contextConflictsEventsAndHelp_answer() {
        String out = run("context show", "conflicts", "events", "help", "help task add");

        assertThat(out).contains("Use Java 17.", "No conflicts recorded", "No events in")
                .contains("spawn", "Start a worker in the background", "quit (or exit, Ctrl-D) leaves")
                .contains("Usage: wvo task add");
    }

    @Test
    void quoting_isAShells() throws IOException {
        String out = run("task add quoted --title \"Two words\" --command 'echo it'", "task show quoted");

        assertThat(out).contains("title: Two words", "command: echo it");
    }

    @Test
    void unknownCommand_isOneLine_andTheShellGoesOn_untilQuit() {
        String out = run("frobnicate", "worker list", "quit", "task list");

        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("error: unknown command 'frobnicate'; type help for the list");
        assertThat(out).contains("worker-1").doesNotContain("gamma-docs");
    }

    @Test
    void commandsThatTakeTheTerminalOver_areRefused_withWhatToDoInstead() {
        String out = run("worker --agent shell", "status --watch", "events --follow", "lock exec r -- true", "shell");

        assertThat(out.lines().toList()).hasSize(5).allMatch(l -> l.startsWith("error: "));
        assertThat(out).contains("spawn starts one in the background", "the dashboard above follows the state");
    }

    @Test
    void completion_offersCommandsOptionsTaskIdsWorkersAndLocks() {
        ShellCommands commands = commands();

        assertThat(complete(commands, "")).contains("status", "task", "worker", "spawn", "lock");
        assertThat(complete(commands, "task ")).contains("list", "show", "add");
        assertThat(complete(commands, "task show ")).contains("alpha-setup", "beta-api", "gamma-docs");
        assertThat(complete(commands, "worker pause ")).contains("worker-1", "worker-2", "all");
        assertThat(complete(commands, "lock break ")).contains("src/app");
        assertThat(complete(commands, "spawn --")).contains("--agent", "--domains", "--worktree", "--set");
    }

    private static List<String> complete(ShellCommands commands, String line) {
        List<org.jline.reader.Candidate> candidates = new ArrayList<>();
        commands.completer().complete(null, new DefaultParser().parse(line, line.length()), candidates);
        return candidates.stream().map(org.jline.reader.Candidate::value).toList();
    }
}
