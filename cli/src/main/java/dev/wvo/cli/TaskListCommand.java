package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.TextTable;
import dev.wvo.fs.StateDir;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.roadmap.RoadmapWarning;
import dev.wvo.schedule.Claim;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/**
 * {@code wvo task list}: every task with its status and, when it cannot start, why. Its model is
 * built in code ({@link CodeBuiltCommand}).
 */
final class TaskListCommand implements Callable<Integer>, CodeBuiltCommand {


    private final Clock clock = Clock.systemUTC();

    private final OptionSpec status = OptionSpec.builder("--status").paramLabel("STATUS").type(String.class)
            .description("Only tasks with this status (pending, in_progress, done, failed, blocked, ...).").build();
    private final OptionSpec json = JsonOption.codeBuilt();
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("list")
            .addOption(status).addOption(json);

    TaskListCommand() {
        spec.usageMessage()
                .header("List the tasks with status, claim and why a pending task does not run.")
                .description("Reads the roadmap without locking it. Problems of single entries (duplicate ids, unknown "
                        + "dependencies, cycles) are printed to stderr with their line numbers. "
                        + "--json prints the schema documented in docs/cli.md.");
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        Roadmap roadmap = StateAccess.readJudgedRoadmap(dir);
        PrintWriter err = spec.commandLine().getErr();
        for (dev.wvo.gitmerge.RoadmapConflict c : dev.wvo.gitmerge.RoadmapConflicts.list(roadmap)) {
            err.println("wvo: merge conflict in " + roadmap.file() + ": task " + c.task()
                    + (dev.wvo.gitmerge.RoadmapConflict.WHOLE_TASK.equals(c.field()) ? " (deleted on one side, changed on the other)"
                    : ", field " + c.field() + ": ours " + c.ours() + ", theirs " + c.theirs())
                    + "; settle it with `wvo task resolve " + c.task()
                    + (dev.wvo.gitmerge.RoadmapConflict.WHOLE_TASK.equals(c.field()) ? "" : " --field " + c.field())
                    + " --take ours|theirs|VALUE`");
        }
        for (RoadmapWarning w : roadmap.warnings()) {
            err.println("wvo: warning: " + roadmap.file() + ":" + w.line() + ": " + TerminalText.line(w.message()));
        }
        err.flush();
        String status = this.status.getValue();
        List<TaskReport.Entry> entries = status == null ? TaskReport.of(roadmap) : withStatus(TaskReport.of(roadmap), status);
        PrintWriter out = spec.commandLine().getOut();
        if (CodeBuiltCommand.given(json)) {
            ArrayNode array = Json.MAPPER.createArrayNode();
            entries.forEach(e -> array.add(TaskReport.json(e)));
            out.println(Json.MAPPER.writeValueAsString(array));
        } else if (entries.isEmpty()) {
            out.println(status == null ? "No tasks in " + roadmap.file() + "; add one with `wvo task add`."
                    : "No " + status + " tasks.");
        } else {
            print(out, entries, global.palette(), clock.instant());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * The entries of tasks with {@code status}, by a plain loop: a stream's filter over 10,000
     * entries costs a cold JVM ~10 ms more (the stream's own calls per element, run interpreted).
     */
    private static List<TaskReport.Entry> withStatus(List<TaskReport.Entry> all, String status) {
        List<TaskReport.Entry> kept = new ArrayList<>();
        for (TaskReport.Entry e : all) {
            if (status.equals(e.status())) {
                kept.add(e);
            }
        }
        return kept;
    }

    private static void print(PrintWriter out, List<TaskReport.Entry> entries, Palette palette, Instant now) {
        TextTable table = new TextTable(List.of("ID", "STATUS", "TITLE", "DOMAIN/EPIC", "CLAIM", "WHY NOT RUNNABLE"));
        UnaryOperator<String> dim = palette::dim;
        for (TaskReport.Entry e : entries) {
            addRow(table, e, palette, dim, now); // a method per row: compiled after a few hundred, not run interpreted 10,000 times
        }
        table.print(out, palette::bold);
    }

    private static void addRow(TextTable table, TaskReport.Entry e, Palette palette, UnaryOperator<String> dim, Instant now) {
        // the row from the task's fields, each read once: no view is made for it (a kept task
        // decodes just the fields asked for)
        RoadmapTask t = e.task();
        String status = e.status();
        String title = t.title();
        String reason = e.shownReason();
        table.cell(String.valueOf(t.id()))
                .cell(status, statusStyle(status, e.runnable(), palette))
                .cell(title == null ? "" : title)
                .cell(domainEpic(t.domain(), t.epic()))
                .cell(claim(t.claim(), now))
                .cell(reason == null ? "" : reason, dim);
    }

    static String domainEpic(String domain, String epic) {
        return (domain == null ? "-" : domain) + "/" + (epic == null ? "-" : epic);
    }

    static String claim(Claim claim, Instant now) {
        if (claim == null) {
            return "";
        }
        return claim.worker() + " #" + claim.attempt() + ", " + age(claim.claimedAt(), now) + " ago";
    }

    /** How long ago {@code from} was; zero when a clock ahead of ours wrote it. */
    static String age(Instant from, Instant now) {
        Duration d = Duration.between(from, now);
        return DurationText.format(d.isNegative() ? Duration.ZERO : d);
    }

    static UnaryOperator<String> statusStyle(String status, boolean runnable, Palette palette) {
        return switch (status) {
            case "done" -> palette::green;
            case "failed", "blocked" -> palette::red;
            case "in_progress" -> palette::yellow;
            default -> runnable ? palette::bold : UnaryOperator.identity();
        };
    }
}
