package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.Budget;
import dev.wvo.accounts.Budgets;
import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.TaskBudget;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.cli.render.UsageText;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.schedule.TaskState;
import dev.wvo.status.StatusSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code wvo cost}: tokens and cost of every agent run, summed per task, backend, account, worker or day, against the budgets. */
@Command(name = "cost",
        header = "Sum the tokens and cost of every agent run, per task, backend, account, worker or day.",
        description = "Reads the usage events of <state>/events.jsonl: one per agent run (an attempt, or each hop of an "
                + "attempt that went on with another account), with the tokens and the cost its CLI reported. Claude Code "
                + "reports a cost; Codex reports tokens only. Per task, each task's budget (its own budget:, else "
                + "budget.task of config.yaml) is shown against what it spent. --json prints the schema documented in "
                + "docs/cli.md.")
final class CostCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--by", paramLabel = "GROUP", defaultValue = "task",
            description = "Group runs by task, backend, account, worker or day (the local date). Default: ${DEFAULT-VALUE}.")
    private String by;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        CostLedger.By grouping;
        try {
            grouping = CostLedger.By.valueOf(by.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.USAGE, "--by " + by + " is not one of task, backend, account, worker, day");
        }
        WvoCommand global = WvoCommand.of(spec);
        List<UsageRecord> runs;
        try {
            runs = CostLedger.read(global.stateDirectory());
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + "; check its permissions", e);
        }
        Map<String, CostLedger.Total> groups = CostLedger.totals(runs, grouping, ZoneId.systemDefault());
        Budgets budgets = global.config().budgets();
        Map<String, TaskBudget> taskBudgets = grouping == CostLedger.By.TASK ? taskBudgets(global, budgets, runs, groups.keySet())
                : Map.of();
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
                if (grouping == CostLedger.By.TASK) {
                    TaskBudget budget = taskBudgets.get(key);
                    g.put("budget", budget == null ? null : budget.budget().toString());
                    g.put("budget_reached", budget != null && budget.reached());
                }
            });
            ObjectNode all = root.putObject("total");
            all.put("runs", total.runs());
            UsageText.put(all, total.usage());
            ObjectNode limits = root.putObject("budgets");
            limits.put("task", text(budgets.task()));
            limits.put("account_per_day", text(budgets.accountPerDay()));
            limits.put("run", text(budgets.run()));
            out.println(Json.MAPPER.writeValueAsString(root));
        } else if (runs.isEmpty()) {
            out.println("No agent run has reported tokens or cost yet in " + global.state().events() + ".");
        } else {
            Palette palette = global.palette();
            List<String> headers = new ArrayList<>(List.of(grouping.key().toUpperCase(Locale.ROOT), "RUNS", "INPUT",
                    "OUTPUT", "CACHE READ", "CACHE WRITE", "COST", "MODELS"));
            if (!taskBudgets.isEmpty()) {
                headers.add("BUDGET");
            }
            TextTable table = new TextTable(headers);
            groups.forEach((key, t) -> {
                List<TextTable.Cell> row = new ArrayList<>(row(key, t));
                if (!taskBudgets.isEmpty()) {
                    row.add(StatusText.budgetCell(taskBudgets.get(key), palette));
                }
                table.add(row);
            });
            table.print(out, palette::bold);
            out.println(palette.bold("total: " + total.runs() + " run" + (total.runs() == 1 ? "" : "s") + ", "
                    + UsageText.of(total.usage())));
            if (budgets.accountPerDay() != null || budgets.run() != null) {
                out.println("budgets: " + (budgets.accountPerDay() == null ? "" : budgets.accountPerDay()
                        + " per account and day (wvo limits shows today's)") + (budgets.accountPerDay() != null
                        && budgets.run() != null ? ", " : "") + (budgets.run() == null ? "" : budgets.run()
                        + " per worker run"));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * Each task's budget (its own budget:, else budget.task) with what its runs since its last reset
     * spent, for the tasks of {@code ids} that have one.
     */
    private static Map<String, TaskBudget> taskBudgets(WvoCommand global, Budgets budgets, List<UsageRecord> runs,
                                                       Set<String> ids) {
        List<TaskState> tasks = Files.isRegularFile(global.state().roadmap())
                ? RoadmapBoardStore.statesOf(StateAccess.readRoadmap(global.state())) : List.of();
        return StatusSnapshot.Cost.budgetsOf(tasks, runs, ids, budgets);
    }

    private static String text(Budget budget) {
        return budget == null ? null : budget.toString();
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
