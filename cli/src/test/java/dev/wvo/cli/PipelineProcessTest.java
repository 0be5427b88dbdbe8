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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A three-stage pipeline run by real {@code wvo worker} JVMs through the shell backend: a worker
 * SIGKILLed between stages leaves the task at the stage it was in, and the next worker resumes
 * it there, without running the finished stage again.
 */
@Tag("process")
class PipelineProcessTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private Path state;
    private Path plugins;

    @BeforeEach
    void init() throws Exception {
        state = dir.resolve("state");
        plugins = ReactorPlugins.folderIn(dir);
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        // each stage appends to ran.txt; the second waits for the file `go` once it has said it started
        Files.writeString(state.resolve("config.yaml"), """
                stages:
                  one:
                    command: echo one >> ran.txt
                  two:
                    command: echo two-started >> ran.txt; while [ ! -f go ]; do sleep 0.05; done; echo two >> ran.txt
                  three:
                    command: echo three >> ran.txt
                pipelines:
                  trio: [one, two, three]
                """);
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: staged
                    title: Three stages
                    pipeline: trio
                """);
    }

    private CliProcess worker(String name, String... options) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("--state", state.toString(), "worker", "--id", name,
                "--agent", "shell", "--plugins", plugins.toString(), "--workdir", dir.toString()));
        args.addAll(List.of(options));
        return CliProcess.start(dir, name, Map.of(), args.toArray(String[]::new));
    }

    private JsonNode task(String id) throws IOException {
        return JSON.readTree(Cli.inState(state, "task", "show", id, "--json").out());
    }

    private List<String> ran() throws IOException {
        Path ran = dir.resolve("ran.txt");
        return Files.exists(ran) ? Files.readAllLines(ran) : List.of();
    }

    @Test
    void aWorkerKilledBetweenStages_isResumedAtTheStageItWasIn() throws Exception {
        CliProcess doomed = worker("doomed");
        await().atMost(PATIENCE).until(() -> ran().contains("two-started"));

        // stage one's outcome is in the roadmap before stage two starts; everyone shows stage two
        JsonNode during = task("staged");
        assertThat(during.get("status").asText()).isEqualTo("in_progress");
        assertThat(during.get("stage").asText()).isEqualTo("two 2/3");
        assertThat(during.get("fields").get("stages").get("one").get("outcome").asText()).isEqualTo("done");
        assertThat(during.get("fields").get("stages").get("two").asText()).isEqualTo("pending");
        assertThat(Cli.inState(state, "task", "show", "staged").out()).contains("stage two 2/3");
        JsonNode status = JSON.readTree(Cli.inState(state, "status", "--json").out());
        assertThat(status.at("/tasks/in_progress/0/stage").asText()).isEqualTo("two 2/3");
        assertThat(status.at("/workers/0/detail").asText()).isEqualTo("stage two 2/3");
        assertThat(Cli.inState(state, "status").out()).contains("two 2/3");

        // SIGKILL the worker's JVM, then the stage's shell: nothing of it may go on
        List<ProcessHandle> agent = doomed.process.descendants().toList();
        doomed.process.destroyForcibly().waitFor();
        agent.forEach(ProcessHandle::destroyForcibly);
        Files.writeString(dir.resolve("go"), "");

        CliProcess heir = worker("heir", "--exit-when-idle");
        assertThat(heir.exitCode()).as(heir.stderr()).isZero();

        assertThat(heir.stdout()).contains("took back staged from dead worker doomed", "staged stage two 2/3 with shell");
        assertThat(ran()).as("stage one ran once; stage two again from its start; then three")
                .containsExactly("one", "two-started", "two-started", "two", "three");
        JsonNode after = task("staged");
        assertThat(after.get("status").asText()).isEqualTo("done");
        assertThat(after.get("attempts").asInt()).as("the killed attempt counts").isEqualTo(2);
        assertThat(after.get("stage").asText()).isEqualTo("three 3/3");
        JsonNode stages = after.get("fields").get("stages");
        assertThat(stages.get("one").get("attempt").asInt()).isEqualTo(1);
        assertThat(stages.get("two").get("attempt").asInt()).isEqualTo(2);
        assertThat(stages.get("three").get("outcome").asText()).isEqualTo("done");
        Path second = state.resolve("artifacts").resolve("staged").resolve("2");
        assertThat(second.resolve("1-one")).doesNotExist();
        assertThat(second.resolve("2-two").resolve("prompt.txt")).exists();
        assertThat(second.resolve("3-three").resolve("output.log")).exists();
    }

    @Test
    void aMistakeInTheStages_stopsTheWorkerBeforeItClaims_namingFileAndLine() throws Exception {
        Files.writeString(state.resolve("config.yaml"), """
                stages:
                  one: {command: "true"}
                pipelines:
                  trio: [one, tow]
                """);
        Cli.Result r = Cli.inState(state, "worker", "--agent", "shell", "--plugins", plugins.toString(), "--workdir",
                dir.toString(), "--exit-when-idle");

        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains(state.resolve("config.yaml") + ":4:15: `pipelines.trio[1]` names stage 'tow', "
                + "which `stages:` does not define (defined: one); define it or fix the name");
        assertThat(task("staged").get("status").asText()).isEqualTo("pending");
    }
}
