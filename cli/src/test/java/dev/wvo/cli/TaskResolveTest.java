package dev.wvo.cli;

import dev.wvo.gitmerge.RoadmapConflicts;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TaskResolveTest {

    private static final String TASKS = """
            version: 2
            tasks:
              - id: a
                title: Ours
                priority: 2
              - id: b
                title: Kept
            """;

    private static final String WITH_CONFLICTS = TASKS + """
            conflicts:
              - task: a
                field: priority
                ours: 2
                theirs: 3
              - task: b
                field: (task)
                ours: changed
                theirs: deleted
            """;

    @TempDir
    Path state;

    @Test
    void aValueOfOnesOwnIsReadAsYaml() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), WITH_CONFLICTS);

        Cli.Result result = resolve(state, "a", "--field", "priority", "--take", "5");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("Settled a priority with 5.");
        Roadmap roadmap = RoadmapReader.read(state.resolve("roadmap.yaml"));
        assertThat(roadmap.task("a").orElseThrow().priority()).isEqualTo(5);
        assertThat(RoadmapConflicts.list(roadmap)).hasSize(1);
        assertThat(Files.readString(state.resolve("roadmap.yaml.bak"))).isEqualTo(WITH_CONFLICTS);
    }

    @Test
    void takingTheDeletingSideOfAWholeTaskConflictDeletesIt() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), WITH_CONFLICTS);

        Cli.Result result = resolve(state, "b", "--take", "theirs");

        assertThat(result.exitCode()).as(result.err()).isZero();
        Roadmap roadmap = RoadmapReader.read(state.resolve("roadmap.yaml"));
        assertThat(roadmap.task("b")).isEmpty();
    }

    @Test
    void aConflictNotRecordedFailsWithTheRecordedOnesNamed() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), WITH_CONFLICTS);

        Cli.Result result = resolve(state, "a", "--field", "title", "--take", "ours");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("No conflict recorded for task a, field title", "a priority; b (task)");
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).isEqualTo(WITH_CONFLICTS);
    }

    @Test
    void aWholeTaskConflictTakesOnlyASide() throws Exception {
        Files.writeString(state.resolve("roadmap.yaml"), WITH_CONFLICTS);

        Cli.Result result = resolve(state, "b", "--take", "maybe");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--take ours or --take theirs");
    }

    /**
     * Runs {@code wvo --state STATE task resolve ARGS}; the resolve command is mounted under a
     * {@code task} command here unless wvo already has one.
     */
    static Cli.Result resolve(Path state, String... args) {
        CommandLine cmd = Main.newCommandLine(Map.of());
        if (!cmd.getSubcommands().containsKey("task")) {
            CommandLine task = new CommandLine(CommandSpec.create().name("task"));
            task.addSubcommand("resolve", new TaskResolveCommand());
            cmd.addSubcommand("task", task);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--state", state.toString(), "task", "resolve"));
        all.addAll(List.of(args));
        int code = cmd.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(all.toArray(String[]::new));
        return new Cli.Result(code, out.toString(), err.toString());
    }
}
