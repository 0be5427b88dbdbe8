package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.UsageText;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.UsageRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo cost}: tokens and cost of every agent run, summed per task, backend, worker or day. */
@Command(name = "cost",
        header = "Sum the tokens and cost of every agent run, per task, backend, worker or day.",
        description = "Reads the usage events of <state>/events.jsonl: one per agent run (an attempt, or each hop of an "
                + "attempt that fell back to another backend), with the tokens and the cost its CLI reported. Claude Code "
                + "reports a cost; Codex reports tokens only. --json prints the schema documented in docs/cli.md.")
final class CostCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Option(names = "--by", paramLabel = "GROUP", defaultValue = "task",
            description = "Group runs by task, backend, worker or day (the local date). Default: ${DEFAULT-VALUE}.")
    private String by;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        CostLedger.By grouping;
        try {
            grouping = CostLedger.By.valueOf(by.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--by " + by + " is not one of task, backend, worker, day");
        }
        WvoCommand global = WvoCommand.of(spec);
        List<UsageRecord> runs;
        try {
            runs = CostLedger.read(global.stateDirectory());
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + "; check its permissions", e);
        }
        Map<String, CostLedger.Total> groups = CostLedger.totals(runs, grouping, ZoneId.systemDefault());
        CostLedger.Total total = CostLedger.total(runs);
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("by", grouping.key());
            var list = root.putArray("groups");
            groups.forEach((key, t) -> {
                ObjectNode g = list.addObject();
                g.put(grouping.key(), key);
                g.put("runs", t.runs());
                UsageText.put(g, t.usage());
            });
            ObjectNode all = root.putObject("total");
            all.put("runs", total.runs());
            UsageText.put(all, total.usage());
            out.println(Json.MAPPER.writeValueAsString(root));
        } else if (runs.isEmpty()) {
            out.println("No agent run has reported tokens or cost yet in " + global.state().events() + ".");
        } else {
            Palette palette = global.palette();
            TextTable table = new TextTable(List.of(grouping.key().toUpperCase(Locale.ROOT), "RUNS", "INPUT", "OUTPUT",
                    "CACHE READ", "CACHE WRITE", "COST", "MODELS"));
            groups.forEach((key, t) -> table.add(row(key, t)));
            table.print(out, palette::bold);
            out.println(palette.bold("total: " + total.runs() + " run" + (total.runs() == 1 ? "" : "s") + ", "
                    + UsageText.of(total.usage())));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static List<TextTable.Cell> row(String key, CostLedger.Total t) {
        var u = t.usage();
        return List.of(TextTable.Cell.plain(key), TextTable.Cell.plain(Integer.toString(t.runs())),
                TextTable.Cell.plain(Long.toString(u.inputTokens())), TextTable.Cell.plain(Long.toString(u.outputTokens())),
                TextTable.Cell.plain(Long.toString(u.cacheReadTokens())), TextTable.Cell.plain(Long.toString(u.cacheWriteTokens())),
                TextTable.Cell.plain(u.costUsd() == null ? "-" : String.format(Locale.ROOT, "$%.4f", u.costUsd())),
                TextTable.Cell.plain(u.model() == null ? "-" : u.model()));
    }
}
