package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@code wvo worker} JVM with the shell backend and a command that goes silent: each stall
 * restarts the task until {@code reactions.stalled.max}, then the task is blocked, and
 * {@code wvo status}, {@code wvo doctor} and the event log say it needs a person.
 */
@Tag("process")
class ReactionsProcessTest {

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
        Files.writeString(state.resolve("config.yaml"), """
                reactions:
                  stalled: {action: retry, max: 1}
                """);
        // says it started, then prints nothing until the stall timeout stops it
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: quiet
                    title: Goes silent
                    max_attempts: 5
                    command: echo started >> ran.txt; sleep 30
                """);
    }

    @Test
    void aStallingCommand_isRestartedUpToTheCap_thenBlocked_andStatusAndDoctorShowIt() throws Exception {
        CliProcess worker = CliProcess.start(dir, "w1", Map.of(), "--state", state.toString(), "worker", "--id", "w1",
                "--agent", "shell", "--plugins", plugins.toString(), "--workdir", dir.toString(), "--stall-timeout", "1s",
                "--exit-when-idle");
        assertThat(worker.exitCode()).as(worker.stderr()).isZero();

        assertThat(Files.readAllLines(dir.resolve("ran.txt"))).as("the first run and one restart")
                .containsExactly("started", "started");
        JsonNode task = JSON.readTree(Cli.inState(state, "task", "show", "quiet", "--json").out());
        assertThat(task.get("status").asText()).isEqualTo("blocked");
        assertThat(task.get("attempts").asInt()).isEqualTo(2);
        assertThat(task.get("fields").get("reactions").get("stalled").asInt()).isEqualTo(2);

        JsonNode status = JSON.readTree(Cli.inState(state, "status", "--json").out());
        JsonNode attention = status.at("/tasks/needs_attention");
        assertThat(attention).hasSize(1);
        assertThat(attention.get(0).get("id").asText()).isEqualTo("quiet");
        assertThat(attention.get(0).get("reason").asText())
                .contains("stalled 2 times, more than reactions.stalled.max (1) allows");
        assertThat(attention.get(0).get("reactions").get("stalled").asInt()).isEqualTo(2);
        assertThat(Cli.inState(state, "status").out()).contains("Needs attention").contains("quiet");

        Cli.Result doctor = Cli.inState(state, "doctor", "--no-lock-check", "--plugins", plugins.toString());
        assertThat(doctor.out()).contains("needs attention quiet").contains("stalled 2 times")
                .contains("wvo task reset quiet");

        List<String> kinds = JSON.readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(state.resolve("events.jsonl"))).readAll().stream()
                .map(e -> e.get("type").asText()).toList();
        assertThat(kinds).containsSubsequence("fail", "fail", "needs-attention");
        assertThat(kinds.stream().filter("needs-attention"::equals).count()).isEqualTo(1);

        assertThat(Cli.inState(state, "task", "reset", "quiet").exitCode()).isZero();
        JsonNode reset = JSON.readTree(Cli.inState(state, "task", "show", "quiet", "--json").out());
        assertThat(reset.get("status").asText()).isEqualTo("pending");
        assertThat(reset.get("fields").has("reactions")).as("a person's reset counts afresh").isFalse();
        assertThat(JSON.readTree(Cli.inState(state, "status", "--json").out()).at("/tasks/needs_attention")).isEmpty();
    }

    @Test
    void aWrongReaction_stopsTheWorkerBeforeItClaims_namingFileAndLine() throws Exception {
        Files.writeString(state.resolve("config.yaml"), """
                reactions:
                  stalled:
                    action: restart
                """);
        Cli.Result r = Cli.inState(state, "worker", "--agent", "shell", "--plugins", plugins.toString(), "--workdir",
                dir.toString(), "--exit-when-idle");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("config.yaml:3:13: `reactions.stalled.action` is 'restart'; it must be one of "
                + "retry, block");
        assertThat(JSON.readTree(Cli.inState(state, "task", "show", "quiet", "--json").out()).get("status").asText())
                .isEqualTo("pending");
        assertThat(dir.resolve("ran.txt")).doesNotExist();
    }
}
