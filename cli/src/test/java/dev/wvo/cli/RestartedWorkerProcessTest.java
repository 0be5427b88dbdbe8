package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Issue 21, defect 2, with real wvo JVMs: a worker SIGKILLed mid-task and started again under the
 * same id (the auto-name {@code worker1} is free again at once) held the dead one's claim alive,
 * since liveness was "somebody holds {@code worker:<id>}": the task stayed in progress for ever,
 * {@code wvo reclaim} found nothing and {@code --exit-when-idle} never exited. A claim now
 * records its presence lock's token, and only that acquisition keeps it alive.
 */
@Tag("process")
class RestartedWorkerProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Its first attempt says it started and waits to be killed; any later one finishes. */
    private static final String FIRST_ATTEMPT_HANGS =
            "if [ \"$WVO_ATTEMPT\" = 1 ]; then echo started > started; sleep 600; fi; echo $WVO_TASK_ID >> ran";

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        assertThat(Cli.inState(state, "task", "add", "A", "--title", "a", "--command", FIRST_ATTEMPT_HANGS).exitCode()).isZero();
        assertThat(Cli.inState(state, "task", "add", "B", "--title", "b", "--command", "echo B >> ran").exitCode()).isZero();
    }

    private CliProcess worker(String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "worker", "--agent", "shell",
                "--plugins", plugins.toString(), "--workdir", dir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, Map.of(), args.toArray(String[]::new));
    }

    /** Starts a worker, waits until it runs A's first attempt, and SIGKILLs it with its agent. */
    private void killedWhileRunningA(String... options) throws Exception {
        CliProcess doomed = worker("doomed", options);
        await().atMost(PATIENCE).until(() -> Files.exists(dir.resolve("started")));
        List<ProcessHandle> agent = doomed.process.descendants().toList();
        doomed.process.destroyForcibly().waitFor();
        agent.forEach(ProcessHandle::destroyForcibly);
    }

    private JsonNode task(String id) throws IOException {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
    }

    @Test
    void aWorkerStartedAgainUnderTheAutoName_takesBackTheDeadOnesTask_andExitsWhenIdle() throws Exception {
        killedWhileRunningA();
        assertThat(task("A").get("claim").get("worker").asText()).isEqualTo("worker1");

        CliProcess again = worker("again", "--exit-when-idle");

        assertThat(again.exitCode(PATIENCE)).as(again.stderr()).isZero();
        assertThat(again.stdout()).startsWith("worker1: started").contains("took back A from dead worker worker1");
        assertThat(Files.readAllLines(dir.resolve("ran"))).containsExactlyInAnyOrder("A", "B");
        assertThat(task("A").get("status").asText()).isEqualTo("done");
        assertThat(task("A").get("attempts").asInt()).as("the killed attempt counts").isEqualTo(2);
    }

    @Test
    void reclaim_takesTheDeadOnesTask_whileALiveWorkerRunsUnderItsId() throws Exception {
        killedWhileRunningA("--id", "w1");
        assertThat(Cli.inState(state, "worker", "pause", "all").exitCode()).isZero();
        CliProcess again = worker("again", "--id", "w1");
        await().atMost(PATIENCE).until(() -> again.stdout().contains("w1: started"));

        Cli.Result reclaim = Cli.inState(state, "reclaim");

        assertThat(reclaim.exitCode()).as(reclaim.err()).isZero();
        assertThat(reclaim.out()).isEqualTo("Took back A from dead worker w1 (attempt 1); now pending.\n");
        assertThat(task("A").get("status").asText()).isEqualTo("pending");
        again.process.destroy();
        assertThat(again.exitCode()).as(again.stderr()).isZero();
    }
}
