package dev.wvo.cli.shell;

import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.config.Config;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.worker.WorkerControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How spawn reports a worker that does not come up, with a launcher whose "java" is a small
 * {@code sh} script standing in for a worker that ends at once (the real worker is started in
 * ShellSpawnProcessTest).
 */
class WorkerSpawnerTest {

    @TempDir
    Path state;

    private FileLockManager locks;

    @BeforeEach
    void open() {
        locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
    }

    @AfterEach
    void close() {
        locks.close();
    }

    /** A spawner whose worker runs {@code script} with sh; the worker's arguments follow as $1, $2, ... */
    private WorkerSpawner spawnerRunning(String script) {
        return new WorkerSpawner(new WorkerLauncher(List.of("sh", "-c", script, "sh"), List.of("--state",
                state.toString()), state, state), state, locks, Config.empty(state.resolve("config.yaml")));
    }

    private static List<String> shell() {
        return List.of("--agent", "shell");
    }

    @Test
    void idTakenByAnotherProcessMeanwhile_isReportedAsSuch() {
        WorkerSpawner spawner = spawnerRunning("echo \"wvo: A live worker already runs as '$5'; choose another --id\"; exit 1");

        assertThatThrownBy(() -> spawner.spawn(shell()))
                .hasMessageContaining("another worker took the id worker1 while this one started")
                .hasMessageContaining("spawn again")
                .hasMessageContaining(state.resolve("workers").resolve("worker1.log").toString());
    }

    /**
     * A process hosting two workers that lose both ids to other processes, but does not end at
     * at once (its other hosted workers may run on): up says so as soon as each one's line is in
     * the log, not after waiting out the start-up time with "not registered yet".
     */
    @Test
    void hostedWorkersThatEndInALiveProcess_areReportedAtOnceWithWhy() {
        WorkerSpawner spawner = spawnerRunning("for id in a b; do echo \"wvo: $id: warning\" >&2; echo \"wvo: $id ended: A live "
                + "worker already runs as '$id'; choose another --id\" >&2; done; sleep 3");

        assertThatThrownBy(() -> spawner.spawnAs(List.of("a", "b"), shell(), Duration.ZERO))
                .hasMessageContaining("no worker runs in process")
                .hasMessageContaining("a ended at once: A live worker already runs as 'a'")
                .hasMessageContaining("b ended at once: A live worker already runs as 'b'")
                .hasMessageContaining("Start a, b again");
    }

    @Test
    void workerThatEndsAtOnce_isReportedWithItsStatusAndLastLogLines() throws Exception {
        WorkerSpawner spawner = spawnerRunning("echo \"args: $*\"; echo 'wvo: no backend bogus'; exit 2");

        assertThatThrownBy(() -> spawner.spawn(shell()))
                .hasMessageContaining("the worker worker1 ended at once with status 2")
                .hasMessageContaining("wvo: no backend bogus");
        assertThat(Files.readString(state.resolve("workers").resolve("worker1.log")))
                .contains("args: --state " + state + " worker --id worker1 --agent shell");
    }

    @Test
    void spawn_isRefusedWhileAStopForAllHolds_andStartsNothing() {
        new WorkerControl(new StateDir(state)).request(WorkerControl.ALL, WorkerControl.Request.STOP);
        WorkerSpawner spawner = spawnerRunning("echo started > started; exit 0");

        assertThatThrownBy(() -> spawner.spawn(shell())).hasMessageContaining("type worker resume all first");
        assertThat(state.resolve("started")).doesNotExist();
        assertThat(spawner.lastArguments()).isEmpty();
    }

    @Test
    void spawn_isRefusedWhileEveryAccountIsLimited_andStartsOnceOneIsLifted() {
        RateLimitBoard board = new RateLimitBoard(state, locks, Clock.systemUTC());
        Instant reset = Instant.now().plus(Duration.ofHours(2));
        board.mark("shell", reset, "worker1", "usage limit");
        WorkerSpawner spawner = spawnerRunning("echo started > started; exit 0");

        assertThatThrownBy(() -> spawner.spawn(shell()))
                .hasMessageContaining("all agents are limited until " + ClockTime.of(reset) + " (shell resets first: usage limit)")
                .hasMessageContaining("a new worker would only wait");
        assertThat(state.resolve("started")).doesNotExist();

        board.clear("shell");
        assertThatThrownBy(() -> spawner.spawn(shell())).as("it starts, and ends at once").hasMessageContaining("ended at once");
        assertThat(state.resolve("started")).exists();
    }
}
