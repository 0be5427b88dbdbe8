package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapEditor;
import dev.wvo.roadmap.sources.BeadsFormat;
import dev.wvo.roadmap.sources.GithubFormat;
import dev.wvo.roadmap.sources.PrdFormat;
import dev.wvo.roadmap.sources.RoadmapImport;
import dev.wvo.roadmap.sources.SourceBatch;
import dev.wvo.roadmap.sources.SourceFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code wvo import beads|prd|github FILE}: a tracker's tasks into the roadmap, added or updated in one transaction. */
@Command(name = "import",
        header = "Import the tasks of a beads export, a ralph-tui prd.json or `gh issue list --json` into the roadmap.",
        description = "One roadmap transaction: a record already imported (the task's source: names it) is updated, "
                + "any other added as a pending task, so importing again changes nothing. Dependencies and priorities "
                + "come along; a task wvo has claimed, finished, failed or blocked keeps its status. When any record "
                + "is bad, each is named with its line and nothing is written. docs/state-format.md gives the "
                + "mapping of each format.")
final class ImportCommand implements Callable<Integer> {

    /** The formats a roadmap can be imported from. */
    enum Format { beads, prd, github }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "beads (bd export's JSON Lines), prd (ralph-tui's "
            + "prd.json) or github (gh issue list --json number,title,body,labels,state).")
    private Format format;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file to import.")
    private Path file;

    @Option(names = "--id-prefix", paramLabel = "TEXT", description = "Put before each record's id to make the task "
            + "id (default: none; gh- for github), when the ids would clash with the roadmap's own.")
    private String idPrefix;

    @Option(names = "--dry-run", description = "Say what would be added and updated; write nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        WvoCommand global = WvoCommand.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path source = file.toAbsolutePath().normalize();
        RoadmapImport.Outcome outcome;
        try {
            SourceBatch batch = read(source);
            try (StateAccess state = StateAccess.open(global, "wvo-import", Clock.systemUTC())) {
                if (dryRun) {
                    Roadmap roadmap = StateAccess.readRoadmap(state.store());
                    outcome = RoadmapImport.apply(source, batch, roadmap, new RoadmapEditor(roadmap));
                } else {
                    outcome = state.store().update((roadmap, editor, log) ->
                            RoadmapImport.apply(source, batch, roadmap, editor));
                }
            }
        } catch (SourceFileException e) {
            e.problems().forEach(p -> err.println("wvo: " + TerminalText.line(p.toString())));
            err.println("wvo: nothing imported; fix " + (e.problems().size() == 1 ? "that record" : "these "
                    + e.problems().size() + " records") + " and import again");
            err.flush();
            return ExitCodes.FAILURE;
        }
        String verb = dryRun ? "would add " : "added ";
        out.println((dryRun ? "Dry run, nothing written: " : "Imported ") + source + ": "
                + verb + outcome.added().size() + list(outcome.added()) + ", "
                + (dryRun ? "would update " : "updated ") + outcome.updated().size() + list(outcome.updated()) + ", "
                + outcome.unchanged() + " unchanged");
        outcome.notes().forEach(n -> out.println("note: " + TerminalText.line(n)));
        out.flush();
        return ExitCodes.OK;
    }

    private SourceBatch read(Path source) {
        return switch (format) {
            case beads -> BeadsFormat.read(source, idPrefix == null ? "" : idPrefix);
            case prd -> PrdFormat.read(source, idPrefix == null ? "" : idPrefix);
            case github -> GithubFormat.read(source, idPrefix == null ? GithubFormat.DEFAULT_ID_PREFIX : idPrefix);
        };
    }

    /** Up to ten ids in parentheses, then how many more. */
    private static String list(List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        int shown = Math.min(10, ids.size());
        return " (" + String.join(", ", ids.subList(0, shown)) + (ids.size() > shown ? ", " + (ids.size() - shown)
                + " more" : "") + ")";
    }
}
