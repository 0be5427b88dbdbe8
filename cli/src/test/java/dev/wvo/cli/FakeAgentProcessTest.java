package dev.wvo.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real `wvo worker` processes with fake `claude` and `codex` first on the PATH (they print what
 * the real CLIs print, see shared/AGENT-CLIS.md): Claude answers with its usage-limit message,
 * the worker moves to its fallback, the limit goes on the shared board, and a worker started
 * later goes straight to the fallback without calling Claude again; a silent agent is stopped
 * with its processes and retried until its attempts run out.
 */
@Tag("process")
class FakeAgentProcessTest {

    @TempDir
    Path dir;

    @Test
    void limitedClaude_fallsBackToCodex_andTheBoardSparesLaterWorkersTheCall() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path calls = dir.resolve("claude-calls.txt");
        Path fakeClaude = Path.of("..", "plugins", "agent-claude", "src", "test", "resources", "fake-claude").toAbsolutePath().normalize();
        Path fakeCodex = Path.of("..", "plugins", "agent-codex", "src", "test", "resources", "fake-codex").toAbsolutePath().normalize();
        script(bin.resolve("claude"), "#!/bin/sh\necho call >> '" + calls + "'\nexec sh '" + fakeClaude + "' \"$@\"\n");
        script(bin.resolve("codex"), "#!/bin/sh\nexec sh '" + fakeCodex + "' \"$@\"\n");
        Path plugins = ReactorPlugins.folderIn(dir);
        Path state = dir.resolve("state");
        Path work = Files.createDirectories(dir.resolve("work"));
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        for (String id : List.of("T1", "T2")) {
            assertThat(Cli.inState(state, "task", "add", id, "--title", "Task " + id, "--owns", "out/" + id).exitCode()).isZero();
        }
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"),
                "FAKE_CLAUDE_SCENARIO", "limit-text", "FAKE_CODEX_SCENARIO", "success");

        CliProcess first = CliProcess.start(dir, "w1", env, worker(state, plugins, work, "w1"));
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("claude is rate-limited until");
        assertThat(Files.readAllLines(calls)).as("Claude was asked once; the second task went straight to Codex").hasSize(1);
        String roadmap = Files.readString(state.resolve("roadmap.yaml"));
        assertThat(roadmap.split("status: done", -1)).hasSize(3);
        assertThat(roadmap).doesNotContain("attempts: 2");
        assertThat(Files.readString(state.resolve("rate-limits.json"))).contains("\"claude\"", "\"by\" : \"w1\"", "session limit");

        assertThat(Cli.inState(state, "task", "add", "T3", "--title", "Task T3", "--owns", "out/T3").exitCode()).isZero();
        CliProcess later = CliProcess.start(dir, "w2", env, worker(state, plugins, work, "w2"));
        assertThat(later.exitCode()).as(later.stderr()).isZero();
        assertThat(Files.readAllLines(calls)).as("a later worker reads the board and does not call Claude").hasSize(1);
        assertThat(Files.readString(state.resolve("roadmap.yaml")).split("status: done", -1)).hasSize(4);
    }

    @Test
    void silentAgent_isStoppedWithItsProcesses_retried_andBlockedForAPersonAtItsLastAttempt() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pids = dir.resolve("claude-pids.txt");
        Path fakeClaude = Path.of("..", "plugins", "agent-claude", "src", "test", "resources", "fake-claude").toAbsolutePath().normalize();
        script(bin.resolve("claude"), "#!/bin/sh\necho $$ >> '" + pids + "'\nexec sh '" + fakeClaude + "' \"$@\"\n");
        Path plugins = ReactorPlugins.folderIn(dir);
        Path state = dir.resolve("state");
        Path work = Files.createDirectories(dir.resolve("work"));
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        assertThat(Cli.inState(state, "task", "add", "T1", "--title", "Hangs", "--owns", "out/T1", "--max-attempts", "2")
                .exitCode()).isZero();
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"), "FAKE_CLAUDE_SCENARIO", "hang");
        List<String> args = new ArrayList<>(List.of(worker(state, plugins, work, "w1")));
        args.remove("--fallback");
        args.remove("codex");
        args.addAll(List.of("--stall-timeout", "1s"));
        CliProcess w = CliProcess.start(dir, "w1", env, args.toArray(String[]::new));
        assertThat(w.exitCode()).as(w.stderr()).isZero();
        String roadmap = Files.readString(state.resolve("roadmap.yaml"));
        assertThat(roadmap).contains("status: blocked", "attempts: 2", "stalled: 2");
        assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"outcome\":\"stalled\"");
        List<String> started = Files.readAllLines(pids);
        assertThat(started).hasSize(2);
        for (String pid : started) {
            assertThat(ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false))
                    .as("stalled agent %s stopped", pid).isFalse();
        }
    }

    private static String[] worker(Path state, Path plugins, Path work, String id) {
        List<String> args = new ArrayList<>(List.of("--state", state.toString(), "--plugins", plugins.toString(), "worker",
                "--id", id, "--agent", "claude", "--fallback", "codex", "--exit-when-idle", "--workdir", work.toString()));
        return args.toArray(String[]::new);
    }

    private static void script(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
