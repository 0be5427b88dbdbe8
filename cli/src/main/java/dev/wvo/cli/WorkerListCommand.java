package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockListener;
import dev.wvo.lock.LockManager;
import dev.wvo.schedule.WorkerPresence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
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

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        ArrayNode workers;
        try (LockManager locks = LockBackends.open(global, null, null, false, LockListener.LOGGING, clock)) {
            workers = StatusCommand.workers(dir, new WorkerPresence(locks), clock.instant());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("workers", workers)));
        } else if (workers.isEmpty()) {
            out.println("No workers in " + dir.workers() + ".");
        } else {
            Palette palette = global.palette();
            TextTable table = new TextTable(List.of("WORKER", "ALIVE", "STATUS", "TASK", "AGENT", "HEARTBEAT", "PID@HOST"));
            for (JsonNode w : workers) {
                boolean alive = w.get("alive").asBoolean();
                table.add(List.of(TextTable.Cell.plain(w.get("id").asText()),
                        alive ? new TextTable.Cell("yes", palette::green) : new TextTable.Cell("no", palette::red),
                        TextTable.Cell.plain(w.get("status").asText()),
                        TextTable.Cell.plain(w.hasNonNull("task") ? w.get("task").asText() + " #" + w.get("attempt").asText() : "-"),
                        TextTable.Cell.plain(w.path("agent").asText("-")),
                        TextTable.Cell.plain(DurationText.format(Duration.ofSeconds(w.get("heartbeat_age_seconds").asLong())) + " ago"),
                        TextTable.Cell.plain(w.get("pid").asText() + "@" + w.get("host").asText())));
            }
            table.print(out, palette::bold);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
