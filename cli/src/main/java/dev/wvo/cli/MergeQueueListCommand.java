package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.TextTable;
import dev.wvo.git.MergeEntry;
import dev.wvo.git.MergeQueueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo merge-queue list}: every entry in queue order. */
@Command(name = "list",
        header = "List the merge queue in order (priority, then age), with conflicts and test failures.",
        description = "STATUS is queued, merged, conflict or test_failed. DETAIL names the conflicting paths, or the "
                + "first line of the failing test command's output. --json prints the schema documented in docs/cli.md.")
final class MergeQueueListCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        Clock clock = Clock.systemUTC();
        List<MergeEntry> entries;
        try {
            entries = MergeQueueStore.in(global.stateDirectory(), clock).list();
        } catch (RuntimeException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        Instant now = clock.instant();
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (MergeEntry e : entries) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.id());
                row.put("task", e.taskId());
                row.put("branch", e.branch());
                row.put("status", status(e));
                row.put("priority", e.priority());
                row.put("enqueuedAt", e.enqueuedAt().toString());
                row.put("ageSeconds", Duration.between(e.enqueuedAt(), now).toSeconds());
                row.put("conflictPaths", e.conflictPaths());
                row.put("failure", e.failureTail() == null ? null : firstLine(e.failureTail()));
                row.put("failureTail", e.failureTail());
                row.put("mergedCommit", e.mergedCommit());
                rows.add(row);
            }
            out.println(Json.MAPPER.writeValueAsString(Map.of("entries", rows)));
        } else if (entries.isEmpty()) {
            out.println("The merge queue is empty.");
        } else {
            Palette palette = global.palette();
            TextTable table = new TextTable(List.of("ENTRY", "TASK", "BRANCH", "STATUS", "AGE", "DETAIL"));
            for (MergeEntry e : entries) {
                String status = status(e);
                TextTable.Cell statusCell = switch (e.status()) {
                    case CONFLICT, TEST_FAILED -> new TextTable.Cell(status, palette::red);
                    case MERGED -> new TextTable.Cell(status, palette::green);
                    case QUEUED -> TextTable.Cell.plain(status);
                };
                table.add(List.of(TextTable.Cell.plain(e.id()), TextTable.Cell.plain(e.taskId()),
                        TextTable.Cell.plain(e.branch()), statusCell,
                        TextTable.Cell.plain(DurationText.format(Duration.between(e.enqueuedAt(), now))),
                        TextTable.Cell.plain(detail(e))));
            }
            table.print(out, palette::bold);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String status(MergeEntry e) {
        return e.status().name().toLowerCase(Locale.ROOT);
    }

    private static String detail(MergeEntry e) {
        return switch (e.status()) {
            case CONFLICT -> "conflicts in " + String.join(", ", e.conflictPaths());
            case TEST_FAILED -> "test failed: " + firstLine(e.failureTail());
            case MERGED -> e.mergedCommit() == null ? "" : "as " + e.mergedCommit().substring(0, Math.min(12,
                    e.mergedCommit().length()));
            case QUEUED -> "";
        };
    }

    private static String firstLine(String text) {
        return text == null || text.isBlank() ? "(no output)" : text.strip().lines().findFirst().orElse("");
    }
}
