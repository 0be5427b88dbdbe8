package dev.wvo.cli;

import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.TerminalText;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.schedule.Reclaimed;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.DeadWorkerProcesses;
import dev.wvo.worker.WorkerRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import com.fasterxml.jackson.core.JsonProcessingException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo reclaim}: takes back the claims of dead workers. */
@Command(name = "reclaim",
        header = "Take back the tasks of workers that died, so that they can run again.",
        description = "A worker is dead when its presence lock worker:<id> is stale (its process is gone, its host "
                + "rebooted, or its lease ran out), or held by a later worker started under the same id. "
                + "Each of its tasks goes back to pending, or to failed when no attempts are left. First it stops the "
                + "agent processes that dead workers of this host left running (recorded in <state>/workers). Workers "
                + "do this themselves before each claim; this command is for when none runs. "
                + "--json prints what was taken back, the schema documented in docs/cli.md.")
final class ReclaimCommand implements Callable<Integer> {

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        List<Reclaimed> reclaimed;
        List<DeadWorkerProcesses.Stopped> stopped;
        try (StateAccess state = StateAccess.open(WvoCommand.of(spec), "wvo-reclaim", clock)) {
            // what a dead worker left running stops before its tasks can go to another worker
            stopped = new DeadWorkerProcesses(new WorkerRegistry(state.dir().workers()),
                    new WorkerPresence(state.locks())).stop();
            // the scheduler logs a reclaim event for each, naming this command
            reclaimed = new Scheduler(new RoadmapBoardStore(state.store()), state.locks(), clock).reclaim("wvo reclaim");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            List<Map<String, Object>> tasks = reclaimed.stream().map(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task", r.taskId());
                m.put("dead_worker", r.worker());
                m.put("attempt", r.attempt());
                m.put("status", r.newStatus());
                return m;
            }).toList();
            List<Map<String, Object>> processes = stopped.stream().map(p -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("pid", p.process().pid());
                m.put("dead_worker", p.worker());
                return m;
            }).toList();
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("reclaimed", tasks);
            root.put("stopped_processes", processes);
            out.println(Json.MAPPER.writeValueAsString(root));
            out.flush();
            return ExitCodes.OK;
        }
        for (DeadWorkerProcesses.Stopped p : stopped) {
            out.println("Stopped process " + p.process().pid() + " (and what it started) that dead worker " + p.worker()
                    + " left running.");
        }
        if (reclaimed.isEmpty()) {
            out.println("No claims of dead workers.");
        }
        for (Reclaimed r : reclaimed) {
            out.println(TerminalText.line("Took back " + r.taskId() + " from dead worker " + r.worker() + " (attempt "
                    + r.attempt() + "); now " + r.newStatus() + "."));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
