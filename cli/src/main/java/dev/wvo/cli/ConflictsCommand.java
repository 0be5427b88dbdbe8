package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.events.EventFilter;
import dev.wvo.events.EventHistory;
import dev.wvo.events.EventReader;
import dev.wvo.events.EventType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo conflicts}: artifact conflicts between concurrent attempts, as recorded in the event log. */
@Command(name = "conflicts",
        header = "List the recorded artifact conflicts between concurrent attempts and merge-queue conflicts, newest first.",
        description = "Reads the conflict events of <state>/events.jsonl: each names a path that several attempts "
                + "changed, the attempts, the suggested resolution (none-needed, take-superset, three-way-merge, "
                + "union, escalate) and why; and the merge-conflict events of the merge queue (worktree mode): the "
                + "paths a task branch conflicted in, or its failing test, with the strategy (rebase, escalate). "
                + "--json prints the schema documented in docs/cli.md.")
final class ConflictsCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        EventReader reader = EventReader.in(global.stateDirectory());
        EventHistory history;
        try {
            history = reader.read(EventFilter.ALL.withTypes(EventType.CONFLICT, EventType.MERGE_CONFLICT));
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + "; check its permissions", e);
        }
        PrintWriter err = spec.commandLine().getErr();
        history.unreadable().forEach(line -> err.println("wvo: " + TerminalText.line(line.describe())));
        err.flush();

        ConflictListing listing = ConflictListing.of(reader.file(), history.events());
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(Json.MAPPER.writeValueAsString(listing));
        } else {
            print(out, listing, global.palette());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, ConflictListing listing, Palette palette) {
        if (listing.conflicts().isEmpty()) {
            out.println("No conflicts recorded in " + listing.eventLog() + ".");
            return;
        }
        TextTable table = new TextTable(List.of("RECORDED", "PATH", "ATTEMPTS", "SUGGESTION", "DETAIL"));
        for (Map<String, Object> c : listing.conflicts()) {
            String suggestion = text(c.get("suggestion"));
            TextTable.Cell suggestionCell = "escalate".equals(suggestion)
                    ? new TextTable.Cell(suggestion, palette::red)
                    : new TextTable.Cell(suggestion, palette::green);
            table.add(List.of(TextTable.Cell.plain(text(c.get("recordedAt"))), TextTable.Cell.plain(text(c.get("path"))),
                    TextTable.Cell.plain(attempts(c.get("attempts"))), suggestionCell,
                    TextTable.Cell.plain(text(c.get("detail")))));
        }
        table.print(out, palette::bold);
        long escalated = listing.conflicts().stream().filter(c -> "escalate".equals(c.get("suggestion"))).count();
        out.println(palette.dim(listing.conflicts().size() + " conflict(s), " + escalated
                + " to resolve by hand; from " + listing.eventLog()));
    }

    private static String attempts(Object value) {
        if (value instanceof Collection<?> list) {
            List<String> names = new ArrayList<>();
            list.forEach(a -> names.add(String.valueOf(a)));
            return String.join(", ", names);
        }
        return text(value);
    }

    private static String text(Object value) {
        return value == null ? "-" : String.valueOf(value);
    }
}
