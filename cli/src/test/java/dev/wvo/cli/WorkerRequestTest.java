package dev.wvo.cli;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.LockHandle;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerRequestTest {

    @TempDir
    Path state;

    private final List<AutoCloseable> open = new ArrayList<>();

    private Path control(String name) {
        return state.resolve("workers").resolve("control").resolve(name);
    }

    /** A live worker as the worker loop makes one: its presence lock held, its record written. */
    private void liveWorker(String id) {
        FileLockManager locks = FileLockManager.builder(state.resolve("locks")).releaseOnShutdown(false).build();
        open.add(locks);
        LockHandle presence = new WorkerPresence(locks).register(id).orElseThrow();
        open.add(presence);
        Instant now = Instant.now();
        new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord(id, ProcessHandle.current().pid(), "host",
                "shell", now, now, WorkerStatus.IDLE, null, null, null, null, List.of()));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void stop_ofALiveWorker_writesItsStopFile() throws IOException {
        liveWorker("worker1");

        Cli.Result r = Cli.inState(state, "worker", "stop", "worker1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Asked worker1 to stop");
        assertThat(Files.readString(control("worker1"))).isEqualTo("stop\n");
        assertThat(new WorkerControl(new StateDir(state)).requestFor("worker1")).isEqualTo(WorkerControl.Request.STOP);
    }

    @Test
    void pauseThenResume_ofALiveWorker_writesThenRemovesItsFile() throws IOException {
        liveWorker("worker1");

        assertThat(Cli.inState(state, "worker", "pause", "worker1").exitCode()).isZero();
        assertThat(Files.readString(control("worker1"))).isEqualTo("pause\n");

        Cli.Result resume = Cli.inState(state, "worker", "resume", "worker1");
        assertThat(resume.exitCode()).isZero();
        assertThat(resume.out()).startsWith("Asked worker1 to resume.");
        assertThat(control("worker1")).doesNotExist();
    }

    @Test
    void all_writesTheAllFile_andNamesTheLiveWorkers() throws IOException {
        liveWorker("worker1");
        liveWorker("worker2");

        Cli.Result pause = Cli.inState(state, "worker", "pause", "all");

        assertThat(pause.exitCode()).isZero();
        assertThat(pause.out()).contains("Asked all workers to pause (2 running: worker1, worker2)")
                .contains("until wvo worker resume all");
        assertThat(Files.readString(control("all"))).isEqualTo("pause\n");

        Cli.Result resumeOne = Cli.inState(state, "worker", "resume", "worker1");
        assertThat(resumeOne.exitCode()).isZero();
        assertThat(resumeOne.out()).contains("a request for all workers (pause) still holds it");

        assertThat(Cli.inState(state, "worker", "stop", "all").exitCode()).isZero();
        assertThat(Files.readString(control("all"))).isEqualTo("stop\n");
        assertThat(Cli.inState(state, "worker", "resume", "all").exitCode()).isZero();
        assertThat(control("all")).doesNotExist();
    }

    @Test
    void stopOrPause_ofAWorkerThatIsNotRunning_isRefusedAndWritesNothing() {
        liveWorker("worker1");

        Cli.Result r = Cli.inState(state, "worker", "stop", "wroker1");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).startsWith("wvo: no live worker 'wroker1'").contains("running: worker1")
                .contains("Nothing was written.");
        assertThat(control("wroker1")).doesNotExist();

        Cli.Result none = Cli.inState(state.resolve("empty"), "worker", "pause", "worker1");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(none.err()).contains("no worker is running");
        assertThat(state.resolve("empty")).doesNotExist();
    }

    @Test
    void aWorkerWithARecordButNoPresenceLock_isNotRunning() {
        new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord("ghost", 1, "host", "shell",
                Instant.now(), Instant.now(), WorkerStatus.IDLE, null, null, null, null, List.of()));

        Cli.Result r = Cli.inState(state, "worker", "stop", "ghost");

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(control("ghost")).doesNotExist();
    }

    @Test
    void worker_withoutAgentOrSubcommand_isAUsageErrorNamingAgent() {
        Cli.Result r = Cli.inState(state, "worker");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--agent");
        Cli.Result help = Cli.inState(state, "worker", "--help");
        assertThat(help.out()).contains("Usage: wvo worker").contains("stop").contains("pause").contains("resume");
    }
}
