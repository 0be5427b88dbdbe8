package dev.wvo.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineConfigTest {

    @TempDir
    Path dir;

    private Path config(String text) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, text);
        return file;
    }

    private static final String FULL = """
            backends:
              claude: {model: opus}
            stages:
              implement:
                prompt: |
                  Implement {{task.id}}: {{task.title}}
                  {{task.description}}
              write_tests:
                prompt: "Write tests. Earlier: {{ previous }}"
                agent: codex
              run_tests_fix:
                command: mvn -q test
              document: {}
            pipelines:
              full: [implement, write_tests, run_tests_fix, document]
              quick: [implement]
            pipeline: quick
            """;

    @Test
    void readsStagesPipelinesAndTheDefault() throws Exception {
        PipelineConfig config = Config.read(config(FULL)).pipelines();
        assertThat(config.stages()).containsOnlyKeys("implement", "write_tests", "run_tests_fix", "document");
        StageDefinition tests = config.stages().get("write_tests");
        assertThat(tests.agent()).isEqualTo("codex");
        assertThat(tests.backendOr("claude")).isEqualTo("codex");
        assertThat(tests.where()).isEqualTo(dir.resolve("config.yaml") + ":9:5");
        assertThat(config.stages().get("run_tests_fix").backendOr("claude")).isEqualTo("shell");
        assertThat(config.stages().get("document").prompt()).isNull();
        assertThat(config.stages().get("document").backendOr("claude")).isEqualTo("claude");
        assertThat(config.pipelines().get("full")).containsExactly("implement", "write_tests", "run_tests_fix", "document");
        assertThat(names(config.stagesFor(null, null, "r.yaml:3"))).containsExactly("implement");
    }

    @Test
    void theTasksPipelineWinsOverTheRoadmapsWhichWinsOverTheConfigs() throws Exception {
        PipelineConfig config = Config.read(config(FULL)).pipelines();
        assertThat(names(config.stagesFor("full", "quick", "r.yaml:3"))).hasSize(4);
        assertThat(names(config.stagesFor(List.of("document", "implement"), "full", "r.yaml:3")))
                .containsExactly("document", "implement");
        assertThat(names(config.stagesFor(null, "full", "r.yaml:3"))).hasSize(4);
        assertThat(config.stagesFor("none", "full", "r.yaml:3")).isEmpty();
        assertThat(config.stagesFor(null, "none", "r.yaml:3")).isEmpty();
        assertThat(PipelineConfig.empty().stagesFor(null, null, "r.yaml:3")).isEmpty();
    }

    @Test
    void aMissingFileHasNoStages() {
        PipelineConfig config = Config.read(dir.resolve("absent.yaml")).pipelines();
        assertThat(config.stages()).isEmpty();
        assertThat(config.stagesFor(null, null, "r.yaml:1")).isEmpty();
    }

    @Test
    void unknownStagesInATask_nameTheTasksLineAndTheKnownStages() throws Exception {
        PipelineConfig config = Config.read(config(FULL)).pipelines();
        assertThatThrownBy(() -> config.stagesFor(List.of("implement", "write_docs"), null, "state/roadmap.yaml:7"))
                .isInstanceOf(PipelineException.class)
                .hasMessage("state/roadmap.yaml:7: its `pipeline:` names stage 'write_docs', which " + dir.resolve("config.yaml")
                        + " does not define (defined: document, implement, run_tests_fix, write_tests); define it under "
                        + "`stages:` or fix the name");
        assertThatThrownBy(() -> config.stagesFor("fast", null, "state/roadmap.yaml:7"))
                .hasMessageStartingWith("state/roadmap.yaml:7: its `pipeline:` names pipeline 'fast', which ")
                .hasMessageContaining("(defined: full, quick)");
        assertThatThrownBy(() -> config.stagesFor(null, "fast", "state/roadmap.yaml:9"))
                .hasMessageStartingWith("state/roadmap.yaml:9: the roadmap's top-level `pipeline:` names pipeline 'fast'");
        assertThatThrownBy(() -> config.stagesFor(List.of("implement", "implement"), null, "r.yaml:2"))
                .hasMessageContaining("lists stage 'implement' twice");
    }

    @Test
    void configErrorsNameFileLineAndWhatToDo() throws Exception {
        Path file = config("""
                stages:
                  implement: {prompt: "do {{task.titel}}"}
                """);
        assertThatThrownBy(() -> Config.read(file)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":2:23: `stages.implement.prompt` uses unknown placeholder {{task.titel}}; known: ");

        Path unknownStage = config("""
                stages:
                  implement: {}
                pipelines:
                  full: [implement, test]
                """);
        assertThatThrownBy(() -> Config.read(unknownStage))
                .hasMessage(unknownStage + ":4:21: `pipelines.full[1]` names stage 'test', which `stages:` does not define "
                        + "(defined: implement); define it or fix the name");

        Path both = config("""
                stages:
                  test:
                    agent: codex
                    command: make test
                """);
        assertThatThrownBy(() -> Config.read(both))
                .hasMessage(both + ":3:5: `stages.test` has both agent: and command:; a stage runs either an agent or a "
                        + "shell command");

        Path typo = config("""
                stages:
                  test: {comand: make test}
                """);
        assertThatThrownBy(() -> Config.read(typo))
                .hasMessageStartingWith(typo + ":2:10: `stages.test.comand` is not a known setting; did you mean `command`? Known here: prompt, agent, command");

        Path badDefault = config("""
                stages:
                  test: {command: make test}
                pipeline: everything
                """);
        assertThatThrownBy(() -> Config.read(badDefault))
                .hasMessageStartingWith(badDefault + ":3:11: `pipeline` names pipeline 'everything', which `pipelines:` "
                        + "does not define (none are)");

        Path badName = config("""
                stages:
                  "../x": {command: make}
                """);
        assertThatThrownBy(() -> Config.read(badName)).hasMessageContaining("`stages.../x` is not a usable stage name");
    }

    @Test
    void theReferenceExampleOfDocsPipelinesMd_loads() throws Exception {
        String doc = Files.readString(Path.of("..", "..", "docs", "pipelines.md"));
        int section = doc.indexOf("## Configuration reference");
        int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
        PipelineConfig config = Config.read(config(doc.substring(start, doc.indexOf("```", start)))).pipelines();
        assertThat(config.pipelines()).containsOnlyKeys("full", "quick");
        assertThat(names(config.stagesFor(null, null, "r.yaml:1"))).containsExactly("implement", "run_tests_fix");
        assertThat(names(config.stagesFor("full", null, "r.yaml:1"))).hasSize(4);
        assertThat(config.stages().get("write_tests").backendOr("claude")).isEqualTo("codex");
    }

    private static List<String> names(List<StageDefinition> stages) {
        return stages.stream().map(StageDefinition::name).toList();
    }
}
