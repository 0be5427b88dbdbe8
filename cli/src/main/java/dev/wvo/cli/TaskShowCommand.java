package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.UsageText;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.cli.render.Palette;
import dev.wvo.pipeline.StageProgress;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapTask;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wvo task show}: one task with every field as written. */
@Command(name = "show",
        header = "Show one task: every field (unknown ones too), its claim, result, agent runs, and whether it can run.",
        description = "Agent runs are those of the cost ledger (<state>/events.jsonl): each attempt, and each hop of an "
                + "attempt that fell back to another backend, with its backend, model, profile, outcome, tokens and cost. "
                + "--json prints the task object of `task list --json` plus `fields` (every field as written), `result` "
                + "and `usage` (its runs and their total).")
final class TaskShowCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The task's id.")
    private String id;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        Roadmap roadmap = StateAccess.readJudgedRoadmap(StateAccess.requireInitialised(WvoCommand.of(spec)));
        TaskReport.Entry entry = TaskReport.of(roadmap).stream()
                .filter(e -> id.equals(e.task().id()))
                .findFirst()
                .orElseThrow(() -> new CommandFailure(ExitCodes.FAILURE, "no task " + id + " in " + roadmap.file()
                        + "; `wvo task list` shows the ids"));
        RoadmapTask task = entry.task();
        List<UsageRecord> runs = CostLedger.read(roadmap.file().getParent()).stream()
                .filter(r -> task.id().equals(r.task())).toList();
        CostLedger.Total total = CostLedger.total(runs);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            ObjectNode node = TaskReport.json(entry);
            node.set("result", Json.MAPPER.valueToTree(task.fields().get("result")));
            node.set("fields", Json.MAPPER.valueToTree(task.fields()));
            ObjectNode usage = node.putObject("usage");
            ArrayNode list = usage.putArray("runs");
            for (UsageRecord r : runs) {
                ObjectNode n = list.addObject();
                n.put("attempt", r.attempt());
                n.put("hop", r.hop());
                n.put("backend", r.backend());
                n.put("profile", r.profile());
                n.put("outcome", r.outcome());
                n.put("worker", r.worker());
                n.put("at", r.time().toString());
                UsageText.put(n, r.usage());
            }
            ObjectNode sum = usage.putObject("total");
            sum.put("runs", total.runs());
            UsageText.put(sum, total.usage());
            out.println(Json.MAPPER.writeValueAsString(node));
        } else {
            Palette palette = WvoCommand.of(spec).palette();
            out.println(palette.bold(TerminalText.line(task.id())) + palette.dim("  (" + roadmap.file() + ":" + task.line() + ")"));
            out.print(new Yaml(blockStyle()).dump(task.fields())); // made here: picocli makes this command for every `wvo task ...`
            StageProgress.of(task.fields()).ifPresent(p -> out.println("stage " + p.label()));
            out.println(entry.runnable() ? palette.green("runnable now")
                    : "not runnable: " + entry.blocker().detail());
            if (!runs.isEmpty()) {
                out.println(palette.bold("agent runs"));
                for (UsageRecord r : runs) {
                    out.println("  attempt " + r.attempt() + (r.hop() > 1 ? " hop " + r.hop() : "") + ": " + r.backend()
                            + (r.usage().model() == null ? "" : " (" + r.usage().model() + ")")
                            + (r.profile() == null ? "" : " profile " + r.profile()) + ", " + r.outcome() + ", "
                            + UsageText.of(r.usage()));
                }
                out.println("  total: " + UsageText.of(total.usage()));
            }
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
