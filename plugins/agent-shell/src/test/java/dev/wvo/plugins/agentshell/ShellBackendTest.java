package dev.wvo.plugins.agentshell;

import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.TaskView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class ShellBackendTest {

    @TempDir
    Path dir;

    private AgentRun run(String command, Duration stall) {
        TaskView task = TaskView.builder("T1.2").title("Title with $(danger)").status("in_progress").command(command)
                .attempt(2).build();
        return new AgentRun(task, dir, "prompt", Map.of("WVO_WORKER_ID", "worker1", "WVO_STATE", "/s"),
                Duration.ofMinutes(1), stall, Map.of(), null);
    }

    @Test
    void run_exitZeroIsSuccess_andTheTaskReachesTheCommandAsEnvironment() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        AgentOutcome outcome = new ShellBackend().run(
                run("echo \"$WVO_TASK_ID|$WVO_TASK_TITLE|$WVO_WORKER_ID|$WVO_STATE|$WVO_ATTEMPT\" > out.txt; echo ok",
                        Duration.ofMinutes(1)), lines::add);
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.SUCCESS);
        assertThat(Files.readString(dir.resolve("out.txt")).strip()).isEqualTo("T1.2|Title with $(danger)|worker1|/s|2");
        assertThat(lines).containsExactly("ok");
        assertThat(dir.resolve("danger")).doesNotExist();
    }

    @Test
    void run_nonZeroExitIsFailureWithTheLastLine() throws Exception {
        AgentOutcome outcome = new ShellBackend().run(run("echo broken >&2; exit 4", Duration.ofMinutes(1)), l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.FAILURE);
        assertThat(outcome.exitCode()).isEqualTo(4);
        assertThat(outcome.summary()).isEqualTo("exit 4: broken");
    }

    @Test
    void run_silentCommandIsStalled() throws Exception {
        AgentOutcome outcome = new ShellBackend().run(run("sleep 30", Duration.ofMillis(300)), l -> { });
        assertThat(outcome.status()).isEqualTo(AgentOutcome.Status.STALLED);
    }

    @Test
    void run_taskWithoutCommand_cannotStart_sayingWhatToDo() throws Exception {
        AgentOutcome outcome = new ShellBackend().run(run(null, Duration.ofMinutes(1)), l -> { });
        assertThat(outcome.status()).as("the worker's problem, not the task's").isEqualTo(AgentOutcome.Status.CANNOT_START);
        assertThat(outcome.summary()).contains("give the task a `command:`", "backends.shell.command_template");
    }
}
