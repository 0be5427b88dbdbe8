package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.accounts.RateLimitBoard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wvo limits}: the rate-limit board; {@code wvo limits clear BACKEND} lifts an entry. */
@Command(name = "limits",
        header = "List the backends on the rate-limit board: until when, reported by which worker, and why.",
        description = "Every worker reads the board before it picks a backend, and goes to the next of its chain while "
                + "one is limited. An entry lifts by itself at its time; `wvo limits clear BACKEND` lifts it now (the "
                + "account was upgraded, the limit was a mistake). --json prints the schema documented in docs/cli.md.",
        subcommands = LimitsCommand.Clear.class)
final class LimitsCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        List<RateLimitBoard.Limit> active;
        try (StateAccess state = StateAccess.open(global, null, Clock.systemUTC())) {
            active = new RateLimitBoard(state.dir().root(), state.locks(), Clock.systemUTC()).active();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            ArrayNode list = Json.MAPPER.createArrayNode();
            for (RateLimitBoard.Limit l : active) {
                ObjectNode n = list.addObject();
                n.put("backend", l.backend());
                n.put("until", l.until().toString());
                n.put("by", l.by());
                n.put("reason", l.reason());
            }
            out.println(Json.MAPPER.writeValueAsString(list));
        } else if (active.isEmpty()) {
            out.println("No backend is rate-limited.");
        } else {
            Palette palette = global.palette();
            TextTable table = new TextTable(List.of("BACKEND", "UNTIL", "BY", "REASON"));
            for (RateLimitBoard.Limit l : active) {
                table.add(List.of(new TextTable.Cell(l.backend(), palette::yellow), TextTable.Cell.plain(l.until().toString()),
                        TextTable.Cell.plain(l.by() == null ? "-" : l.by()),
                        TextTable.Cell.plain(l.reason() == null ? "-" : l.reason())));
            }
            table.print(out, palette::bold);
            out.println(palette.dim("lift one now with: wvo limits clear BACKEND"));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** {@code wvo limits clear BACKEND}. */
    @Command(name = "clear", header = "Lift a backend's rate limit now, so that workers use it again at once.")
    static final class Clear implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "BACKEND", description = "The backend to lift (as `wvo limits` names it).")
        private String backend;

        @Override
        public Integer call() {
            WvoCommand global = WvoCommand.of(spec);
            boolean removed;
            try (StateAccess state = StateAccess.open(global, null, Clock.systemUTC())) {
                removed = new RateLimitBoard(state.dir().root(), state.locks(), Clock.systemUTC()).clear(backend);
            }
            if (!removed) {
                throw new CommandFailure(ExitCodes.FAILURE, backend + " is not on the rate-limit board; `wvo limits` "
                        + "lists the backends that are");
            }
            spec.commandLine().getOut().println(backend + " is no longer rate-limited; workers use it again at once.");
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
