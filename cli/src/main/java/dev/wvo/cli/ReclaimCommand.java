package dev.wvo.cli;

import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.schedule.Reclaimed;
import dev.wvo.schedule.Scheduler;
import picocli.CommandLine.Command;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
                + "Each of its tasks goes back to pending, or to failed when no "
                + "attempts are left. Workers do this themselves before each claim; this command is for when none runs.")
final class ReclaimCommand implements Callable<Integer> {

    private final Clock clock = Clock.systemUTC();

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print what was taken back as JSON (schema in docs/cli.md).")
    private boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        List<Reclaimed> reclaimed;
        try (StateAccess state = StateAccess.open(WvoCommand.of(spec), "wvo-reclaim", clock)) {
            // the scheduler logs a reclaim event for each, naming this command
            reclaimed = new Scheduler(new RoadmapBoardStore(state.store()), state.locks(), clock).reclaim("wvo reclaim");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> tasks = reclaimed.stream().map(r -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("task", r.taskId());
                m.put("dead_worker", r.worker());
                m.put("attempt", r.attempt());
                m.put("status", r.newStatus());
                return m;
            }).toList();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(Map.of("reclaimed", tasks)));
            out.flush();
            return ExitCodes.OK;
        }
        if (reclaimed.isEmpty()) {
            out.println("No claims of dead workers.");
        }
        for (Reclaimed r : reclaimed) {
            out.println("Took back " + r.taskId() + " from dead worker " + r.worker() + " (attempt " + r.attempt()
                    + "); now " + r.newStatus() + ".");
        }
        out.flush();
        return ExitCodes.OK;
    }
}
