package dev.wvo.cli;

import dev.wvo.context.ContextMergeConfig;
import dev.wvo.context.ContextMerger;
import dev.wvo.context.MergeResult;
import dev.wvo.context.NamedDocument;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.gitmerge.EventsMerge;
import dev.wvo.gitmerge.EventsMergeResult;
import dev.wvo.gitmerge.MergeDriver;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.gitmerge.RoadmapMerge;
import dev.wvo.gitmerge.RoadmapMergeResult;
import dev.wvo.roadmap.RoadmapChangeRefused;
import dev.wvo.roadmap.RoadmapException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code wvo merge-driver}: git's merge driver for wvo's state files. Follows git's contract
 * ({@code %O %A %B %P}): the result goes to OURS, the exit status is 0 for a clean merge and 1
 * when a conflict remains.
 */
@Command(name = "merge-driver",
        header = "Merge two versions of a state file by meaning (git's merge driver; see wvo git setup).",
        description = "roadmap: three-way by task id and field; conflicts are recorded under `conflicts:` and the "
                + "file still loads. context: section by section, update logs united; overlapping edits keep "
                + "conflict markers inside their section. events: every event of both sides once, by time. "
                + "Writes the result to OURS; exit 0 when clean, 1 when a conflict remains. See docs/git-merge.md.")
final class MergeDriverCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "KIND", description = "roadmap, context or events.")
    private MergeDriver kind;

    @Parameters(index = "1", paramLabel = "BASE", description = "The common ancestor's version (git's %%O).")
    private Path base;

    @Parameters(index = "2", paramLabel = "OURS", description = "Our version; the result is written here (git's %%A).")
    private Path ours;

    @Parameters(index = "3", paramLabel = "THEIRS", description = "Their version (git's %%B).")
    private Path theirs;

    @Parameters(index = "4", arity = "0..1", paramLabel = "PATH",
            description = "The file's path in the repository, for messages (git's %%P).")
    private String path;

    @Override
    public Integer call() {
        String name = path != null ? path : ours.toString();
        String baseText = read(base);
        String ourText = read(ours);
        String theirText = read(theirs);
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = switch (kind) {
            case ROADMAP -> mergeRoadmap(name, baseText, ourText, theirText);
            case CONTEXT -> mergeContext(baseText, ourText, theirText);
            case EVENTS -> mergeEvents(ourText, theirText);
        };
        problems.forEach(p -> err.println("wvo merge-driver: " + name + ": " + p));
        err.flush();
        return kind == MergeDriver.EVENTS || problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private List<String> mergeRoadmap(String name, String baseText, String ourText, String theirText) {
        RoadmapMergeResult result;
        try {
            result = RoadmapMerge.merge(Path.of(name), baseText, ourText, theirText);
        } catch (RoadmapException | RoadmapChangeRefused e) {
            // OURS stays as it is; git reports the file as conflicted (a change refused: a task the merge
            // would change has a key wvo cannot edit in place, say)
            return List.of("cannot merge by meaning: " + e.getMessage() + "; our version is left in place");
        }
        write(result.text());
        return result.conflicts().stream().map(RoadmapConflict::describe).toList();
    }

    private List<String> mergeContext(String baseText, String ourText, String theirText) {
        MergeResult result = new ContextMerger(ContextMergeConfig.defaults()).merge(
                Optional.of(new NamedDocument("base", baseText)),
                List.of(new NamedDocument("ours", ourText), new NamedDocument("theirs", theirText)));
        write(result.text());
        return result.conflictedSections().stream()
                .map(section -> "both sides changed the same lines of section '" + section
                        + "'; the conflict markers are inside that section: edit it, then git add the file")
                .toList();
    }

    private List<String> mergeEvents(String ourText, String theirText) {
        EventsMergeResult result = EventsMerge.merge(ourText, theirText);
        write(result.text());
        return result.unreadable().stream()
                .map(line -> "kept a line that is not an event, at the end: " + excerpt(line)).toList();
    }

    private static String excerpt(String line) {
        return line.length() > 80 ? line.substring(0, 80) + "…" : line;
    }

    private String read(Path file) {
        try {
            return BoundedRead.utf8(file, BoundedRead.DOCUMENT);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void write(String text) {
        try {
            AtomicWrite.write(ours, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommandFailure(ExitCodes.FAILURE, "Cannot write the merge result to " + ours + ": "
                    + e.getMessage(), e);
        }
    }
}
