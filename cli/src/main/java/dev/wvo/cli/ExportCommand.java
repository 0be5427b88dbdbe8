package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.roadmap.sources.BeadsFormat;
import dev.wvo.roadmap.sources.Export;
import dev.wvo.roadmap.sources.PrdFormat;
import dev.wvo.roadmap.sources.RoadmapImport;
import dev.wvo.roadmap.sources.SourceFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code wvo export beads|prd [FILE]}: the statuses of imported tasks, written back where the format keeps one. */
@Command(name = "export",
        header = "Write the status of imported tasks back into a beads export or a prd.json.",
        description = "With an existing FILE (the file imported, or .beads/issues.jsonl), each record imported from it "
                + "gets its task's status (beads' status, the prd's passes) and every other byte stays; `bd import` or "
                + "ralph-tui then reads it. With a FILE that does not exist, or none (standard output), the imported "
                + "tasks are written as a new file of that format. GitHub issues are closed on GitHub: `gh issue close`.")
final class ExportCommand implements Callable<Integer> {

    /** The formats that keep a status wvo can write. */
    enum Format { beads, prd }

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FORMAT", description = "beads or prd.")
    private Format format;

    @Parameters(index = "1", arity = "0..1", paramLabel = "FILE", description = "The file to write the statuses into "
            + "(default: a new document on standard output).")
    private Path file;

    @Override
    public Integer call() throws IOException {
        WvoCommand global = WvoCommand.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        Roadmap roadmap;
        try (StateAccess state = StateAccess.open(global, "wvo-export", Clock.systemUTC())) {
            roadmap = StateAccess.readRoadmap(state.store());
        }
        Path target = file == null ? null : file.toAbsolutePath().normalize();
        Export export;
        try {
            if (target != null && Files.exists(target)) {
                Map<String, RoadmapTask> bySource = RoadmapImport.bySource(roadmap);
                export = format == Format.beads ? BeadsFormat.update(target, bySource, Clock.systemUTC().instant())
                        : PrdFormat.update(target, bySource);
                if (export.matched() == 0) {
                    throw new CommandFailure(ExitCodes.FAILURE, "no record of " + target + " was imported into this "
                            + "roadmap, so there is no status to write back; import it first: wvo import " + format + " "
                            + target);
                }
                if (export.records() > 0) {
                    AtomicWrite.write(target, export.text().getBytes(StandardCharsets.UTF_8));
                }
                out.println(export.records() == 0 ? target + " is up to date with the roadmap"
                        : "wrote " + export.records() + " status" + (export.records() == 1 ? "" : "es") + " back into " + target);
                out.flush();
                return ExitCodes.OK;
            }
            Map<String, String> sourceOf = new HashMap<>();
            RoadmapImport.bySource(roadmap).forEach((source, task) -> sourceOf.put(task.id(), source));
            export = format == Format.beads ? BeadsFormat.generate(roadmap.tasks(), sourceOf)
                    : PrdFormat.generate(roadmap.tasks(), sourceOf);
        } catch (SourceFileException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.problems().forEach(p -> err.println("wvo: " + TerminalText.line(p.toString())));
            err.println("wvo: nothing written; " + target + " must be a " + format + " file as `wvo import` reads it");
            err.flush();
            return ExitCodes.FAILURE;
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCodes.FAILURE, e.getMessage(), e);
        }
        if (target == null) {
            out.print(export.text());
        } else {
            AtomicWrite.write(target, export.text().getBytes(StandardCharsets.UTF_8));
            out.println("wrote " + export.records() + " task" + (export.records() == 1 ? "" : "s") + " to " + target);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
