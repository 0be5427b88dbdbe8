package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Palette;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapTask;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code wvo task show}: one task with every field as written. */
@Command(name = "show",
        header = "Show one task: every field (unknown ones too), its claim, result, and whether it can run.",
        description = "--json prints the task object of `task list --json` plus `fields` (every field as written) "
                + "and `result`.")
final class TaskShowCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Yaml YAML = new Yaml(blockStyle());

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
    private String id;

    @Option(names = "--json", description = "Print JSON.")
    private boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        Roadmap roadmap = StateAccess.readRoadmap(StateAccess.requireInitialised(WvoCommand.of(spec)));
        TaskReport.Entry entry = TaskReport.of(roadmap).stream()
                .filter(e -> id.equals(e.task().id()))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(ExitCodes.FAILURE, "no task " + id + " in " + roadmap.file()
                        + "; `wvo task list` shows the ids"));
        RoadmapTask task = entry.task();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = TaskReport.json(JSON, entry);
            node.set("result", JSON.valueToTree(task.fields().get("result")));
            node.set("fields", JSON.valueToTree(task.fields()));
            out.println(JSON.writeValueAsString(node));
        } else {
            Palette palette = WvoCommand.of(spec).palette();
            out.println(palette.bold(task.id()) + palette.dim("  (" + roadmap.file() + ":" + task.line() + ")"));
            out.print(YAML.dump(task.fields()));
            StageProgress.of(task.fields()).ifPresent(p -> out.println("stage " + p.label()));
            out.println(entry.runnable() ? palette.green("runnable now")
                    : "not runnable: " + entry.blocker().detail());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static DumperOptions blockStyle() {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(2);
        options.setIndentWithIndicator(true);
        return options;
    }
}
