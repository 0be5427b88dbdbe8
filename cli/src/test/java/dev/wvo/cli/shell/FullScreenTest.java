package dev.wvo.cli.shell;

import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The full-screen view on an emulated xterm, in this JVM: the panels from a real state
 * directory, redrawn when files change, and the keys. The same view in a real terminal, on a
 * live run, is {@link ShellTmuxProcessTest}'s.
 */
class FullScreenTest {

    @TempDir
    Path state;

    private ShellFixture fixture;
    private FileLockManager locks;
    private Path output;
    private VirtualTerminal vt;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private Future<Integer> status;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new ShellFixture(state);
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
        output = new StateDir(state).attempt("beta-api", 1).output();
        Files.createDirectories(output.getParent());
        Files.writeString(output, "reading the spec\nwriting Api.java\n");
        vt = new VirtualTerminal(160, 40);
        FullScreen view = new FullScreen(ShellFixture.commands(state, locks, ShellFixture.noLauncher(state)),
                vt.terminal(), new StateDir(state), state.resolve(".shell-history"), true, Clock.systemUTC(),
                ZoneId.systemDefault());
        status = runner.submit(view::run);
    }

    @AfterEach
    void tearDown() throws Exception {
        runner.shutdownNow();
        vt.close();
        locks.close();
        fixture.close();
    }

    private void quit() throws Exception {
        vt.type("q");
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void panels_showWorkersWithTheirLastOutput_tasksWithWhyNot_limitsAndEvents() throws Exception {
        String screen = vt.await("the whole screen", s -> s.contains("writing Api.java") && s.contains("Events (e)")
                && s.contains("q quit"));

        assertThat(screen).contains("1/3 done").containsPattern("1\\s+worker-1\\s+working\\s+shell\\s+beta-api#1")
                .containsPattern("2\\s+worker-2\\s+dead").contains("Tasks (t) 3")
                .containsPattern("gamma-docs\\s+pending\\s+-\\s+-\\s+0/\\d+\\s+waits for beta-api")
                .contains("Merge queue (m) 0 queued, 0 landed").contains("Limits and budgets")
                .contains("Spent in all: no agent runs yet");

        Files.writeString(output, "running the tests\n", StandardOpenOption.APPEND);
        vt.await("the new last line, read on the tick", s -> s.contains("running the tests"));

        Instant reset = Instant.now().plus(Duration.ofMinutes(90));
        new RateLimitBoard(state, locks, Clock.systemUTC()).mark("claude:work", reset, "worker-1", "usage limit reached");
        vt.await("the account, limited until when and why", s -> s.contains("accounts usable")
                && s.matches("(?s).*claude:work\\s+limited until " + ClockTime.of(reset) + " \\(in 1h[^)]*\\)\\s+usage limit reached.*"));
        quit();
    }

    @Test
    void enterFollowsTheSelectedWorkersOutput_newLinesAppear_andEscReturns() throws Exception {
        vt.await("the panels", s -> s.contains("writing Api.java"));
        vt.type("1\r");
        vt.await("the followed output", s -> s.contains("Output of worker-1") && s.contains("reading the spec")
                && s.contains("following"));
        Files.writeString(output, "line three\nline four\n", StandardOpenOption.APPEND);
        vt.await("the new lines", s -> s.contains("line three") && s.contains("line four"));
        vt.type("\033");
        vt.await("the panels again", s -> s.contains("Tasks (t)") && !s.contains("Output of"));
        quit();
    }

    @Test
    void keysPauseStopAndFilter_actThroughTheSameCommandsAsWvo() throws Exception {
        vt.await("the panels", s -> s.contains("writing Api.java"));
        WorkerControl control = new WorkerControl(new StateDir(state));

        vt.type("p");
        vt.await("the pause answer", s -> s.contains("Asked worker-1 to pause"));
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.PAUSE);
        vt.type("p");
        vt.await("the resume answer", s -> s.contains("Asked worker-1 to resume"));
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.RUN);

        vt.type("s");
        vt.await("the stop answer", s -> s.contains("Asked worker-1 to stop"));
        assertThat(control.requestFor("worker-1")).isEqualTo(WorkerControl.Request.STOP);

        vt.type("+");
        vt.await("spawn's refusal", s -> s.contains("the first spawn needs --agent NAME"));

        vt.type("/status:pending\r");
        vt.await("the filtered tasks", s -> s.contains("1 of 3 match /status:pending") && s.contains("gamma-docs")
                && !s.contains("alpha-setup"));
        vt.type("/\u0015bogus:x\r"); // Ctrl-U first: the filter line starts with the filter in force
        vt.await("the filter's error", s -> s.contains("unknown filter key 'bogus'"));
        quit();
    }

    @Test
    void commandLine_runsWvoCommands_helpListsKeys_andQuitLeaves() throws Exception {
        vt.await("the panels", s -> s.contains("writing Api.java"));
        vt.type(":task show gamma-docs\r");
        vt.await("the command's answer", s -> s.contains(": task show gamma-docs") && s.contains("title: Document it"));
        vt.type("\033?");
        vt.await("the help page", s -> s.contains("Help (Esc returns") && s.contains("follow the selected worker")
                && s.contains("Commands after : are wvo's own"));
        vt.type("\033:quit\r");
        assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(Files.readString(state.resolve(".shell-history"))).contains("task show gamma-docs");
    }
}
