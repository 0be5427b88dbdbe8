package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo worker} in this JVM with the real shell backend plugin. */
class WorkerCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
    }

    private Cli.Result worker(String... options) {
        String[] args = new String[options.length + 6];
        args[0] = "worker";
        args[1] = "--agent";
        args[2] = "shell";
        args[3] = "--plugins";
        args[4] = plugins.toString();
        args[5] = "--workdir=" + dir;
        System.arraycopy(options, 0, args, 6, options.length);
        return Cli.inState(state, args);
    }

    @Test
    void worker_runsEveryTask_inDependencyOrder_andNotesThemInTheContext() throws Exception {
        Cli.inState(state, "task", "add", "second", "--title", "Second", "--depends-on", "first", "--command", "echo second >> ran.txt");
        Cli.inState(state, "task", "add", "first", "--title", "First", "--command", "echo first >> ran.txt");

        Cli.Result r = worker("--id", "w1", "--exit-when-idle");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("w1: started with shell").contains("w1: nothing left to run").contains("stopped after 2 tasks");
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).containsExactly("first", "second");
        JsonNode tasks = JSON.readTree(Cli.inState(state, "task", "list", "--json").out());
        assertThat(tasks.findValuesAsText("status")).containsOnly("done");
        // one update-log entry per finished task, merged into context.md's own log section
        assertThat(Files.readString(state.resolve("context.md"))).contains("## Recent Updates")
                .containsPattern("(?m)^- .*w1 finished first \\(First\\): done")
                .containsPattern("(?m)^- .*w1 finished second \\(Second\\): done");
        assertThat(Files.readString(state.resolve("events.jsonl"))).contains("\"type\":\"claim\"").contains("\"type\":\"complete\"");
        assertThat(state.resolve("workers").resolve("w1.json")).doesNotExist();
    }

    @Test
    void worker_withDomains_takesThePreferredDomainFirst() throws Exception {
        Cli.inState(state, "task", "add", "ui", "--title", "UI", "--domain", "web", "--priority", "9", "--command", "echo ui >> ran.txt");
        Cli.inState(state, "task", "add", "db", "--title", "DB", "--domain", "core", "--command", "echo db >> ran.txt");

        Cli.Result r = worker("--domains", "core", "--max-tasks", "1");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("policy domain");
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).containsExactly("db");
    }

    @Test
    void worker_withAFailingCommand_retriesUntilAttemptsRunOut_thenBlocksItForAPerson() throws Exception {
        Cli.inState(state, "task", "add", "bad", "--title", "Bad", "--max-attempts", "2", "--command", "echo try >> ran.txt; exit 3");

        Cli.Result r = worker("--exit-when-idle");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).hasSize(2);
        JsonNode task = JSON.readTree(Cli.inState(state, "task", "show", "bad", "--json").out());
        assertThat(task.get("status").asText()).isEqualTo("blocked");
        assertThat(task.get("attempts").asInt()).isEqualTo(2);
        assertThat(task.get("fields").get("reactions").get("failed").asInt()).isEqualTo(2);
    }

    @Test
    void worker_withAnUnknownBackend_failsNamingIt() {
        Cli.Result r = Cli.inState(state, "worker", "--agent", "nosuch", "--plugins", plugins.toString());

        assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(r.err()).contains("Unknown agent backend 'nosuch'");
    }

    @Test
    void worker_withoutAgent_isAUsageError() {
        assertThat(Cli.inState(state, "worker").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void hostedWorkers_needOneDistinctIdEach_orNone() {
        Cli.Result fewer = Cli.inState(state, "worker", "--agent", "shell", "--workers", "3", "--id", "a,b");
        assertThat(fewer.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(fewer.err()).contains("--workers 3 with 2 ids in --id: give one id per worker");
        Cli.Result twice = Cli.inState(state, "worker", "--agent", "shell", "--id", "a,a");
        assertThat(twice.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(twice.err()).contains("names a worker twice");
        assertThat(state.resolve("workers/a.json")).as("nothing registered").doesNotExist();
    }

    @Test
    void backendSettings_comeFromConfigProfilesAndSet_laterWinning() throws Exception {
        Cli.inState(state, "task", "add", "plain", "--title", "No command of its own");
        Files.writeString(state.resolve("config.yaml"), """
                backends:
                  shell: {command_template: "echo from-config >> how.txt"}
                profiles:
                  night:
                    shell: {command_template: "echo from-profile >> how.txt"}
                """);
        Cli.Result r = worker("--id", "w1", "--exit-when-idle", "--profile", "night");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("how.txt"))).containsExactly("from-profile");

        Cli.inState(state, "task", "add", "plain2", "--title", "Another");
        Cli.Result set = worker("--id", "w1", "--exit-when-idle", "--set", "shell.command_template=echo from-set >> how.txt");
        assertThat(set.exitCode()).as(set.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("how.txt"))).containsExactly("from-profile", "from-set");

        Cli.Result bad = worker("--id", "w1", "--exit-when-idle", "--profile", "nope");
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("No profile 'nope'");
    }
}
