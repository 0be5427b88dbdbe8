package dev.wvo.cli;

import dev.wvo.lock.HostIdentity;
import dev.wvo.worker.RecordedProcess;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;
import dev.wvo.worker.WorkerStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Agents die with their worker: a worker JVM killed with SIGKILL runs no cleanup, and its agent,
 * left running, would go on editing a task that is given to another worker.
 */
class OrphanAgentProcessTest {

    @TempDir
    Path dir;
    Path state;

    @BeforeEach
    void setUp() {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    /**
     * The JVM's parent-death watch stops the agent's process group, and what the agent started in
     * a session of its own (out of the group); then the watch ends too.
     */
    @Test
    void aSigkilledWorkersAgent_endsWithIt() throws Exception {
        Path pid = dir.resolve("agent.pid");
        Path escaped = dir.resolve("escaped.pid");
        Cli.Result add = Cli.inState(state, "task", "add", "T1", "--title", "Runs long", "--command",
                "setsid sleep 600 & echo $! > '" + escaped + "'; sleep 600 & echo $! > '" + pid + "'; wait");
        assertThat(add.exitCode()).as(add.err()).isZero();
        CliProcess worker = CliProcess.start(dir, "w1", Map.of(), "--state", state.toString(), "worker", "--id", "w1",
                "--agent", "shell", "--plugins", ReactorPlugins.folderIn(dir).toString(), "--workdir", dir.toString());
        await().atMost(Duration.ofMinutes(1)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        long sleep = Long.parseLong(Files.readString(pid).strip());
        long outOfGroup = Long.parseLong(Files.readString(escaped).strip());
        assertThat(ProcessHandle.of(sleep)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        assertThat(ProcessHandle.of(outOfGroup)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
        List<ProcessHandle> watches = worker.process.children().filter(CliProcess::isParentDeathWatch).toList();
        assertThat(watches).as("one parent-death watch per JVM").hasSize(1);

        worker.process.destroyForcibly(); // SIGKILL: the worker runs no cleanup
        worker.process.waitFor();

        await().atMost(Duration.ofSeconds(30)).until(() -> gone(sleep) && gone(outOfGroup) && gone(watches.get(0).pid()));
    }

    /**
     * Where no watch ran (a system without setsid, a watch killed too), {@code wvo reclaim} stops the
     * process tree the dead worker's file records, and nothing else.
     */
    @Test
    void reclaim_stopsTheRecordedProcessTree_ofADeadWorker() throws Exception {
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 600 & wait").start();
        await().atMost(Duration.ofSeconds(10)).until(() -> orphan.descendants().findAny().isPresent());
        long child = orphan.descendants().findFirst().orElseThrow().pid();
        Process bystander = new ProcessBuilder("sleep", "600").start();
        Process deadJvm = new ProcessBuilder("true").start();
        deadJvm.waitFor();
        try {
            Instant started = Instant.now().minusSeconds(60);
            new WorkerRegistry(state.resolve("workers")).write(new WorkerRecord("w9", deadJvm.pid(),
                    HostIdentity.current().hostName(), "shell", started, started, WorkerStatus.WORKING, "T1", 1, started,
                    null, List.of(new RecordedProcess(orphan.pid(), orphan.info().startInstant().orElseThrow()),
                    new RecordedProcess(bystander.pid(), Instant.EPOCH))));

            Cli.Result r = Cli.inState(state, "reclaim");

            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("Stopped process " + orphan.pid() + " (and what it started) that dead worker w9");
            await().atMost(Duration.ofSeconds(30)).until(() -> gone(orphan.pid()) && gone(child));
            assertThat(bystander.isAlive()).as("another process under a recorded pid's start time").isTrue();
        } finally {
            orphan.descendants().forEach(ProcessHandle::destroyForcibly);
            orphan.destroyForcibly();
            bystander.destroyForcibly();
        }
    }

    private static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }
}
