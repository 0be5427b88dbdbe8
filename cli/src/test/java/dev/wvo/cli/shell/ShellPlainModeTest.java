package dev.wvo.cli.shell;

import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerControl;
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
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shell with input from a pipe: one command per line, plain answers. */
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

    private String run(String... lines) {
        StringWriter out = new StringWriter();
        ShellSession session = new ShellSession(new ShellCommands(state, locks, Clock.systemUTC()),
                state.resolve(".shell-history"));
        int code = session.runPlain(new BufferedReader(new StringReader(String.join("\n", lines) + "\n")),
                new PrintWriter(out, true));
        assertThat(code).isZero();
        return out.toString();
    }

    @Test
    void tasks_listsEveryTaskWithStatusAndWorker() {
        String out = run("tasks");

        assertThat(out).contains("ID", "STATUS")
                .containsPattern("beta-api\\s+in_progress\\s+worker-1\\s+Write the API")
                .containsPattern("gamma-docs\\s+pending\\s+-\\s+Document it");
        assertThat(out).doesNotContain("\u001b[");
    }

    @Test
    void status_countsTasksWithAProgressBar() {
        String out = run("status");

        assertThat(out).contains("1/3 done", "1 pending, 1 in_progress, 1 done", "workers: 1 alive of 2");
    }

    @Test
    void show_printsOneTask_andAnUnknownIdIsOneErrorLine() {
        String out = run("show gamma-docs", "show nope", "show beta-api");

        assertThat(out).contains("title: Document it", "dependencies: beta-api", "worker: worker-1");
        assertThat(out.lines().filter(l -> l.startsWith("error:")).toList())
                .singleElement().asString().contains("no task 'nope'");
    }

    @Test
    void workers_showAliveAndElapsed() {
        String out = run("workers");

        assertThat(out).containsPattern("worker-1\\s+working\\s+yes\\s+beta-api\\s+1\\s+1m1\\ds")
                .containsPattern("worker-2\\s+idle\\s+no");
    }

    @Test
    void locks_andBreak_refuseALiveHolderWithoutForce() {
        String out = run("locks", "break src/app", "break src/app --force", "break src/app");

        assertThat(out).containsPattern("src/app\\s+exclusive\\s+no");
        assertThat(out).contains("error: src/app is held by a live process", "broke the lock on src/app",
                "no lock on src/app; nothing to break");
    }

    @Test
    void pauseAndResumeAll_writeAndClearTheRequest() {
        WorkerControl control = new WorkerControl(state.resolve("workers"));

        String out = run("pause all");
        assertThat(out).contains("Asked all workers to pause");
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.PAUSE);

        assertThat(run("resume all")).contains("Cleared the request for all workers");
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.RUN);
    }

    @Test
    void pause_ofAnUnknownWorker_writesNothing() {
        String out = run("pause worker-9");

        assertThat(out).startsWith("error: no worker 'worker-9'");
        assertThat(new WorkerControl(state.resolve("workers")).requestFor("worker-9"))
                .isEqualTo(WorkerControl.Request.RUN);
    }

    @Test
    void reclaim_leavesTheTaskOfALiveWorker() {
        assertThat(run("reclaim")).contains("nothing to reclaim");
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

        String out = run("reclaim", "tasks", "events");

        assertThat(out).contains("reclaimed orphan from worker-2 (attempt 1): now pending")
                .containsPattern("orphan\\s+pending")
                .containsPattern("reclaim +- +orphan#1 +dead_worker=worker-2 status=pending by=shell");
    }

    @Test
    void contextConflictsEventsAndHelp_answer() {
        String out = run("context", "conflicts", "events", "help");

        assertThat(out).contains("Use Java 17.", "no conflicts", "no events", "break RESOURCE [--force]");
    }

    @Test
    void unknownCommand_isOneLine_andTheShellGoesOn_untilQuit() {
        String out = run("frobnicate", "status", "quit", "tasks");

        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).isEqualTo("error: unknown command 'frobnicate'; type help for the list");
        assertThat(out).contains("workers:").doesNotContain("gamma-docs");
    }

    @Test
    void completion_offersCommandsTaskIdsWorkersAndLocks() {
        ShellCommands commands = new ShellCommands(state, locks, Clock.systemUTC());
        SnapshotCompleter completer = new SnapshotCompleter(commands.names(), commands::snapshot);

        assertThat(completer.candidatesFor(List.of(""), 0)).contains("status", "show", "break", "quit");
        assertThat(completer.candidatesFor(List.of("show", ""), 1))
                .containsExactly("alpha-setup", "beta-api", "gamma-docs");
        assertThat(completer.candidatesFor(List.of("pause", ""), 1)).containsExactlyInAnyOrder("worker-1", "worker-2", "all");
        assertThat(completer.candidatesFor(List.of("break", ""), 1)).contains("src/app", "--force");
        assertThat(completer.candidatesFor(List.of("tasks", ""), 1)).isEmpty();
    }
}
