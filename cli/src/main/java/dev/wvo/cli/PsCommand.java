package dev.wvo.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.PoolRecord;
import dev.wvo.worker.WorkerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code wvo ps}: the pool's workers, then every other live worker (started by hand). */
@Command(name = "ps", header = "List the pool's workers (from `wvo up`) and the workers started by hand.",
        description = "A pool worker that stopped stays listed, not alive, until `wvo down`, or a `wvo up` "
                + "whose pool no longer has it, forgets it. --json prints "
                + "{\"workers\": [...]}: the objects of `wvo worker list --json` with \"pool\" and \"log\", and a "
                + "pool worker without a record (never registered, or stopped) as {\"id\", \"pool\": true, \"alive\": false}.")
final class PsCommand implements Callable<Integer> {

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        List<String> pool = new PoolRecord(dir).workers();
        List<StatusSnapshot.WorkerLine> lines;
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().clock(clock))) {
            lines = StatusSnapshot.workers(dir, locks, clock.instant());
        }
        List<Row> rows = new ArrayList<>();
        for (String id : pool) {
            rows.add(new Row(id, true, lines.stream().filter(l -> l.id().equals(id)).findFirst()));
        }
        lines.stream().filter(l -> l.alive() && !pool.contains(l.id()))
                .forEach(l -> rows.add(new Row(l.id(), false, Optional.of(l))));
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            ArrayNode workers = Json.MAPPER.createArrayNode();
            for (Row row : rows) {
                ObjectNode node = row.line.map(StatusJson::worker)
                        .orElseGet(() -> Json.MAPPER.createObjectNode().put("id", row.id).put("alive", false));
                node.put("pool", row.pool);
                node.put("log", logOf(row, rows, dir).map(Path::toString).orElse(null));
                workers.add(node);
            }
            Json.print(out, Map.of("workers", workers));
        } else if (rows.isEmpty()) {
            out.println("No pool and no live worker; start a pool with `wvo up --workers N`.");
        } else {
            Palette palette = global.palette();
            TextTable table = new TextTable(List.of("WORKER", "STARTED BY", "ALIVE", "STATUS", "TASK", "AGENT", "PID@HOST"));
            for (Row row : rows) {
                boolean alive = row.line.map(StatusSnapshot.WorkerLine::alive).orElse(false);
                Optional<WorkerRecord> w = row.line.map(StatusSnapshot.WorkerLine::record);
                table.add(List.of(TextTable.Cell.plain(row.id), TextTable.Cell.plain(row.pool ? "wvo up" : "hand"),
                        alive ? new TextTable.Cell("yes", palette::green) : new TextTable.Cell("no", palette::red),
                        TextTable.Cell.plain(w.map(r -> r.status().label()).orElse("-")),
                        TextTable.Cell.plain(w.filter(r -> r.task() != null).map(r -> r.task() + " #" + r.attempt()).orElse("-")),
                        TextTable.Cell.plain(w.map(r -> r.agent() == null ? "-" : r.agent()).orElse("-")),
                        TextTable.Cell.plain(w.map(r -> r.pid() + "@" + r.host()).orElse("-"))));
            }
            table.print(out, palette::bold);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * A worker's log: its own, or for a worker hosted in one process with others ({@code wvo up
     * --one-process}), that process's, which is the log of the first of them.
     */
    private static Optional<Path> logOf(Row row, List<Row> rows, StateDir dir) {
        if (Files.exists(dir.workerLog(row.id))) {
            return Optional.of(dir.workerLog(row.id));
        }
        Optional<String> process = row.line.map(l -> l.record().pid() + "@" + l.record().host());
        return rows.stream().filter(r -> process.isPresent() && r.line.map(l -> l.record().pid() + "@" + l.record().host())
                        .equals(process))
                .map(r -> dir.workerLog(r.id)).filter(Files::exists).findFirst();
    }

    private record Row(String id, boolean pool, Optional<StatusSnapshot.WorkerLine> line) {
    }
}
