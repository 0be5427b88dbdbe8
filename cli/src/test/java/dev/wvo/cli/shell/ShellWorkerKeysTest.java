package dev.wvo.cli.shell;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerControl;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's {@code +} and {@code -} keys, typed into the interactive shell on a terminal
 * made of streams: on an empty line they spawn and stop; inside a line they are just characters.
 */
class ShellWorkerKeysTest {

    @TempDir
    Path dir;

    private ShellFixture fixture;
    private FileLockManager locks;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        state = Files.createDirectories(dir.resolve("state"));
        fixture = new ShellFixture(state);
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void tearDown() {
        locks.close();
        fixture.close();
    }

    /**
     * Runs the interactive shell and types each group of keys once the screen shows what the
     * group before led to; answers the whole screen output.
     */
    private String type(List<String> keys, List<String> after) throws Exception {
        // a launcher that is never reached: the first spawn without --agent is refused before any start
        ShellSession session = new ShellSession(ShellFixture.commands(state, locks, ShellFixture.noLauncher(state)),
                state.resolve(".shell-history"));
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PipedOutputStream typing = new PipedOutputStream();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try (Terminal terminal = TerminalBuilder.builder().system(false).type("xterm").size(new Size(160, 50))
                .streams(new PipedInputStream(typing), screen).build()) {
            Future<Integer> status = runner.submit(() -> session.runInteractive(terminal));
            for (int i = 0; i < keys.size(); i++) {
                String awaited = after.get(i);
                await("the screen to show " + awaited).atMost(Duration.ofSeconds(30))
                        .until(() -> screen.toString(StandardCharsets.UTF_8).contains(awaited));
                typing.write(keys.get(i).getBytes(StandardCharsets.UTF_8));
                typing.flush();
            }
            assertThat(status.get(30, TimeUnit.SECONDS)).isZero();
        } finally {
            runner.shutdownNow();
        }
        return screen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void minusOnAnEmptyLine_asksTheNewestLiveWorkerToStop_andPlusSpawnsWithTheLastOptions() throws Exception {
        String screen = type(List.of("-", "+", "spawn --bogus\r", "quit\r"), List.of(ShellSession.PROMPT,
                "(the most recently started)", "needs --agent NAME", "Unknown option: '--bogus'"));

        assertThat(new WorkerControl(new StateDir(state)).requestFor("worker-1"))
                .isEqualTo(WorkerControl.Request.STOP);
        assertThat(screen).contains("Asked worker-1 (the most recently started) to stop after its current task.")
                .contains("wvo: the first spawn needs --agent NAME")
                .contains("wvo: Unknown option: '--bogus'");
    }

    @Test
    void minusWithNoLiveWorkerLeftToStop_saysSo() throws Exception {
        String screen = type(List.of("-", "-", "quit\r"), List.of(ShellSession.PROMPT,
                "(the most recently started)", "no running worker left to stop"));

        assertThat(screen).contains("Asked worker-1 (the most recently started)")
                .contains("no running worker left to stop");
    }
}
