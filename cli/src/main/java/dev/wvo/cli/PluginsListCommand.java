package dev.wvo.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wvo.cli.render.Json;
import dev.wvo.cli.render.Palette;
import dev.wvo.cli.render.TextTable;
import dev.wvo.plugins.PluginHost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code wvo plugins list}: every plugin found, what it provides, and whether each agent backend
 * can run here. The only commands that load plugins are those that use them, so that the others
 * start quickly.
 */
@Command(name = "list",
        header = "List the plugins, their extensions, and which agent backends can run here.",
        description = "Loads every plugin from the plugin directories and lists it with its version, state "
                + "and extensions. A plugin that cannot be loaded or started is listed with its problem; the "
                + "exit status is still 0, since the listing itself worked. --json prints the schema "
                + "documented in docs/cli.md.")
final class PluginsListCommand implements Callable<Integer> {


    @Spec
    private CommandSpec spec;

    @Mixin
    private JsonOption json;

    @Override
    public Integer call() throws JsonProcessingException {
        WvoCommand global = WvoCommand.of(spec);
        List<Path> directories = global.pluginDirectories();
        PluginListing listing;
        try (PluginHost host = PluginHost.load(directories)) {
            listing = PluginListing.of(directories, host);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.on()) {
            out.println(Json.MAPPER.writeValueAsString(listing));
        } else {
            print(out, listing, global.palette());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static void print(PrintWriter out, PluginListing listing, Palette palette) {
        String searched = listing.directories().isEmpty() ? "(none)" : listing.directories().stream()
                .map(d -> d.exists() ? d.path() : d.path() + " (missing)").collect(Collectors.joining(", "));
        if (listing.plugins().isEmpty()) {
            out.println("No plugins found. Searched: " + searched + ".");
            out.println("Put plugin jars into one of those, or name a directory with --plugins DIR or $"
                    + WvoCommand.PLUGINS_ENV + ".");
            return;
        }
        TextTable plugins = new TextTable(List.of("PLUGIN", "VERSION", "STATE", "EXTENSIONS"));
        for (PluginListing.Plugin p : listing.plugins()) {
            TextTable.Cell state = p.usable()
                    ? new TextTable.Cell(p.state(), palette::green)
                    : new TextTable.Cell(p.state(), palette::red);
            // one line per plugin: some of PF4J's messages span lines
            String what = p.problem() != null ? p.problem().replaceAll("\\s*\\R\\s*", " ")
                    : p.extensions().isEmpty() ? "(none)"
                    : p.extensions().stream().map(PluginsListCommand::shortName).collect(Collectors.joining(", "));
            plugins.add(List.of(TextTable.Cell.plain(p.id()), TextTable.Cell.plain(p.version() == null ? "-" : p.version()),
                    state, TextTable.Cell.plain(what)));
        }
        plugins.print(out, palette::bold);

        if (!listing.backends().isEmpty()) {
            out.println();
            TextTable backends = new TextTable(List.of("BACKEND", "PLUGIN", "AVAILABLE", "DETAIL"));
            for (PluginListing.Backend b : listing.backends()) {
                backends.add(List.of(TextTable.Cell.plain(b.name()), TextTable.Cell.plain(orDash(b.plugin())),
                        b.available() ? new TextTable.Cell("yes", palette::green) : new TextTable.Cell("no", palette::yellow),
                        TextTable.Cell.plain(b.detail())));
            }
            backends.print(out, palette::bold);
        }
        if (!listing.policies().isEmpty()) {
            out.println();
            TextTable policies = new TextTable(List.of("POLICY", "PLUGIN"));
            for (PluginListing.Policy p : listing.policies()) {
                policies.add(List.of(TextTable.Cell.plain(p.name()), TextTable.Cell.plain(orDash(p.plugin()))));
            }
            policies.print(out, palette::bold);
        }
        long broken = listing.plugins().stream().filter(p -> !p.usable()).count();
        out.println();
        out.println(palette.dim(listing.plugins().size() + " plugin(s), " + broken + " not usable; searched " + searched));
    }

    /** {@code AgentBackend: dev.wvo.plugins.agentshell.ShellBackend} as {@code AgentBackend ShellBackend}. */
    private static String shortName(String extension) {
        int colon = extension.indexOf(": ");
        if (colon < 0) {
            return extension;
        }
        String className = extension.substring(colon + 2);
        return extension.substring(0, colon) + " " + className.substring(className.lastIndexOf('.') + 1);
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }
}
