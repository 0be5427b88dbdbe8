package dev.wvo.cli;

import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.DurationText;
import dev.wvo.cli.render.TextTable;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.status.StatusSnapshot;
import dev.wvo.worker.WorkerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo worker list}: the worker records, with whether each one's process is alive. */
@Command(name = "list", header = "List the workers: alive or not, status, task, agent, heartbeat age, pid@host.",
        description = "Reads <state>/workers; a worker is alive while its presence lock worker:<id> is live. "
                + "--json prints {\"workers\": [...]}, the objects of `wvo status --json`'s \"workers\".")
final class WorkerListCommand implements Callable<Integer> {

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        List<StatusSnapshot.WorkerLine> workers;
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().clock(clock))) {
            workers = StatusSnapshot.workers(dir, locks, clock.instant());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            Json.print(out, Map.of("workers", StatusJson.workers(workers)));
        } else if (workers.isEmpty()) {
            out.println("No workers in " + dir.workers() + ".");
        } else {
            Palette palette = global.palette();
            TextTable table = new TextTable(List.of("WORKER", "ALIVE", "STATUS", "TASK", "AGENT", "HEARTBEAT", "PID@HOST"));
            for (StatusSnapshot.WorkerLine line : workers) {
                WorkerRecord w = line.record();
                table.add(List.of(TextTable.Cell.plain(w.id()),
                        line.alive() ? new TextTable.Cell("yes", palette::green) : new TextTable.Cell("no", palette::red),
                        TextTable.Cell.plain(w.status().label()),
                        TextTable.Cell.plain(w.task() == null ? "-" : w.task() + " #" + w.attempt()),
                        TextTable.Cell.plain(w.agent() == null ? "-" : w.agent()),
                        TextTable.Cell.plain(DurationText.age(line.heartbeatAge()) + " ago"),
                        TextTable.Cell.plain(w.pid() + "@" + w.host())));
            }
            table.print(out, palette::bold);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
