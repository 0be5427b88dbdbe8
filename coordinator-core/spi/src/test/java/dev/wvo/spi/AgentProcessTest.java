package dev.wvo.spi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class AgentProcessTest {

    @TempDir
    Path dir;

    private static final Duration LONG = Duration.ofMinutes(1);

    @Test
    void run_streamsLinesAndReturnsExitCode() throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        List<String> err = new CopyOnWriteArrayList<>();
        AgentProcess.Result result = AgentProcess.of(List.of("sh", "-c", "echo one; echo two >&2; echo \"$GREETING\"; exit 3"),
                dir, Map.of("GREETING", "hello"), Set.of()).run(LONG, LONG, out::add, err::add);
        assertThat(result.ending()).isEqualTo(AgentProcess.Ending.EXITED);
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(out).containsExactly("one", "hello");
        assertThat(err).containsExactly("two");
        assertThat(result.tail()).containsExactlyInAnyOrder("one", "two", "hello");
        assertThat(result.errorTail()).containsExactly("two");
    }

    @Test
    void run_stopRequestedByALineReader_endsTheRunAndItsWholeTree() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        AgentProcess.Stop stop = new AgentProcess.Stop();
        AgentProcess.Result result = AgentProcess.of(List.of("sh", "-c",
                        "sleep 600 & echo $! > child.pid; echo retrying; echo retrying; wait"), dir, Map.of(), Set.of())
                .run(LONG, LONG, line -> {
                    if (line.equals("retrying")) {
                        stop.request("rate limited");
                        stop.request("a second reason is not kept");
                    }
                }, l -> { }, stop);
        assertThat(result.ending()).isEqualTo(AgentProcess.Ending.STOPPED);
        assertThat(result.exitCode()).isNull();
        assertThat(result.stopReason()).isEqualTo("rate limited");
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void run_agentExitedByItself_whatItLeftRunningInItsGroupIsStopped() throws Exception {
        // a worker's next task may reuse the worktree: nothing of this run may go on writing there
        AgentProcess.Result result = AgentProcess.of(List.of("sh", "-c",
                "sleep 600 >/dev/null 2>&1 & echo $! > left.pid; exit 0"), dir, Map.of(), Set.of()).run(LONG, LONG, l -> { }, l -> { });
        assertThat(result.ending()).isEqualTo(AgentProcess.Ending.EXITED);
        assertThat(result.exitCode()).isZero();
        long left = Long.parseLong(Files.readString(dir.resolve("left.pid")).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(left).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void run_argumentsAreArgvNotShell() throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        String hostile = "$(touch pwned); `touch pwned2` && echo injected";
        AgentProcess.of(List.of("printf", "%s\\n", hostile), dir, Map.of(), Set.of()).run(LONG, LONG, out::add, l -> { });
        assertThat(out).containsExactly(hostile);
        assertThat(dir.resolve("pwned")).doesNotExist();
    }

    @Test
    void run_removesVariablesFromEnvironment() throws Exception {
        List<String> out = new CopyOnWriteArrayList<>();
        AgentProcess.of(List.of("sh", "-c", "echo \"[${HOME:-unset}]\""), dir, Map.of(), Set.of("HOME"))
                .run(LONG, LONG, out::add, l -> { });
        assertThat(out).containsExactly("[unset]");
    }

    @Test
    void run_stdinIsClosed_soReadersDoNotBlock() throws Exception {
        AgentProcess.Result result = AgentProcess.of(List.of("sh", "-c", "cat; echo done"), dir, Map.of(), Set.of())
                .run(LONG, LONG, l -> { }, l -> { });
        assertThat(result.exitCode()).isZero();
        assertThat(result.tail()).containsExactly("done");
    }

    @Test
    void run_silentProcess_isStalledAndItsWholeTreeStopped() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        AgentProcess.Result result = AgentProcess.of(
                List.of("sh", "-c", "sleep 600 & echo $! > child.pid; echo started; wait"), dir, Map.of(), Set.of())
                .run(LONG, Duration.ofMillis(500), l -> { }, l -> { });
        assertThat(result.ending()).isEqualTo(AgentProcess.Ending.STALLED);
        assertThat(result.exitCode()).isNull();
        long child = Long.parseLong(Files.readString(pidFile).strip());
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void run_outputBeforeTheStallTimeout_keepsTheRunGoingToItsExit() throws Exception {
        // each line moves the stall's time on while the run waits: ten lines 100 ms apart outlast a 400 ms stall timeout
        List<String> out = new CopyOnWriteArrayList<>();
        AgentProcess.Result result = AgentProcess.of(
                List.of("sh", "-c", "for i in 1 2 3 4 5 6 7 8 9 10; do echo tick $i; sleep 0.1; done; exit 4"), dir,
                Map.of(), Set.of()).run(LONG, Duration.ofMillis(400), out::add, l -> { });
        assertThat(result.ending()).isEqualTo(AgentProcess.Ending.EXITED);
        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(out).hasSize(10).endsWith("tick 10");
    }

    @Test
    void run_interrupted_stopsTheWholeTreeAndThrows() throws Exception {
        Path pidFile = dir.resolve("child.pid");
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread runner = new Thread(() -> {
            try {
                AgentProcess.of(List.of("sh", "-c", "sleep 600 & echo $! > child.pid; echo started; wait"), dir,
                        Map.of(), Set.of()).run(LONG, LONG, l -> { }, l -> { });
            } catch (Throwable t) {
                thrown.add(t);
            }
        });
        runner.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        runner.interrupt();
        runner.join(Duration.ofSeconds(20).toMillis());
        assertThat(runner.isAlive()).isFalse();
        assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
    }

    @Test
    void run_pastTimeout_isTimedOutEvenWhileTalking() throws Exception {
        AgentProcess.Result result = AgentProcess.of(
                List.of("sh", "-c", "while true; do echo tick; sleep 0.05; done"), dir, Map.of(), Set.of())
                .run(Duration.ofMillis(400), LONG, l -> { }, l -> { });
        assertThat(result.ending()).isEqualTo(AgentProcess.Ending.TIMED_OUT);
        assertThat(result.tail()).contains("tick");
    }

    @Test
    void run_missingProgram_isAClearError() {
        assertThatThrownBy(() -> AgentProcess.of(List.of("no-such-agent-cli-xyz"), dir, Map.of(), Set.of())
                .run(LONG, LONG, l -> { }, l -> { }))
                .hasMessageContaining("Cannot start 'no-such-agent-cli-xyz'");
    }
}
