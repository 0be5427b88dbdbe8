package dev.wvo.cli;

import dev.wvo.cli.render.Json;
import dev.wvo.config.Config;
import dev.wvo.config.PluginSettingsCheck;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.plugins.PluginHost;
import dev.wvo.status.StatusReader;
import dev.wvo.status.StatusSnapshot;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code wvo status}: one look at everything shared: task counts, tasks in progress, workers,
 * locks and rate limits. It reads files only, takes no lock and loads no plugins, so it starts
 * fast and changes nothing. Its model is built in code ({@link CodeBuiltCommand}).
 */
final class StatusCommand implements Callable<Integer>, CodeBuiltCommand {

    /** Cursor to the top left; each line then clears its rest, and the end clears below: a redraw without flicker. */
    private static final String HOME = "\u001b[H";
    private static final String CLEAR_LINE_END = "\u001b[K";
    private static final String CLEAR_BELOW = "\u001b[J";

    private final Clock clock = Clock.systemUTC();

    private final OptionSpec json = JsonOption.codeBuilt();
    private final OptionSpec watch = CodeBuiltCommand.flag("--watch",
            "Redraw every second until Ctrl-C (in place on a terminal).");
    private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this).name("status")
            .addOption(json).addOption(watch);

    StatusCommand() {
        spec.usageMessage()
                .header("Show task progress, tasks in progress, workers, locks, rate limits, the merge queue and conflicts.")
                .description("Reads <state> and changes nothing: a dead worker's claim is shown as such (workers take it "
                        + "back before they claim, and so does `wvo reclaim`). A worker is alive while its presence lock is "
                        + "live; the heartbeat is when it last rewrote its file in <state>/workers. --json prints the schema "
                        + "documented in docs/cli.md; --watch redraws every second until Ctrl-C.");
    }

    @Override
    public CommandSpec spec() {
        return spec;
    }

    @Override
    public Integer call() throws InterruptedException {
        WvoCommand global = WvoCommand.of(spec);
        StateDir dir = StateAccess.requireInitialised(global);
        // the roadmap is read while the configuration, plugins and locks are (the first read takes it)
        try (StatusReader.Ahead roadmap = StatusReader.readAhead(dir)) {
            return show(global, dir, roadmap);
        }
    }

    private Integer show(WvoCommand global, StateDir dir, StatusReader.Ahead roadmap) throws InterruptedException {
        if (PluginSettingsCheck.concernsPlugins(global.config())) {
            List<Path> roots = new ArrayList<>(global.pluginDirectories());
            roots.add(dir.plugins());
            try (PluginHost plugins = PluginHost.load(roots)) {
                global.checkPluginSettings(plugins); // what a worker would refuse to start with, status says now
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        boolean asJson = CodeBuiltCommand.given(json);
        boolean watching = CodeBuiltCommand.given(watch);
        boolean terminal = System.console() != null;
        try (LockManager locks = LockBackends.open(global, LockBackends.Options.defaults().clock(clock))) {
            // --watch reads again every second: the reader reads only what the event log gained
            StatusReader reader = new StatusReader(new StatusSnapshot.Source(dir, LockBackends.backend(global).label(),
                    LockBackends.location(global)), locks, clock, roadmap);
            while (true) {
                StatusSnapshot snapshot = snapshot(reader, global.config());
                if (asJson) {
                    // JSON stays a stream of whole documents, for a reader to parse
                    Json.print(out, StatusJson.of(snapshot));
                } else {
                    String text = StatusText.of(snapshot, global.palette());
                    out.print(watching && terminal ? HOME + text.replace("\n", CLEAR_LINE_END + "\n") + CLEAR_BELOW : text);
                    out.flush();
                }
                if (!watching) {
                    return ExitCodes.OK;
                }
                Thread.sleep(Duration.ofSeconds(1).toMillis());
                if (!terminal) {
                    out.println();
                }
            }
        }
    }

    /** A part of the state that cannot be read (permissions, say) fails the command with its path, not a stack trace. */
    private static StatusSnapshot snapshot(StatusReader reader, Config config) {
        try {
            return reader.read(config);
        } catch (UncheckedIOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage() + " (" + e.getCause().getMessage()
                    + "); check its permissions", e);
        } catch (dev.wvo.roadmap.RoadmapException e) {
            throw StateAccess.unusable(e);
        }
    }
}
