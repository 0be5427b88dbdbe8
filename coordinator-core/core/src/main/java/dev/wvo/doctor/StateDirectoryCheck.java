package dev.wvo.doctor;

import dev.wvo.fs.StateDir;
import dev.wvo.events.EventHistory;
import dev.wvo.events.EventReader;
import dev.wvo.events.UnreadableLine;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.gitmerge.RoadmapConflicts;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.roadmap.RoadmapWarning;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state directory itself and the shared files in it: can it be written, is there room, does
 * the roadmap load (and what do its warnings say), are context and event log readable.
 */
public final class StateDirectoryCheck {

    static final String AREA = "state";
    /** Below this much free space a write of the roadmap or a worker's artifacts may fail. */
    static final long LOW_SPACE_BYTES = 500L * 1024 * 1024;
    /** Below this much free space writes will fail soon. */
    static final long NO_SPACE_BYTES = 50L * 1024 * 1024;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final StateDir layout;
    private Roadmap roadmap;

    public StateDirectoryCheck(Path stateDirectory) {
        this.layout = new StateDir(stateDirectory);
    }

    /** True if the directory exists, so that the checks of its contents make sense. */
    public boolean usable() {
        return Files.isDirectory(layout.root());
    }

    /** The roadmap, if {@link #run()} could load it. */
    public Optional<Roadmap> roadmap() {
        return Optional.ofNullable(roadmap);
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        Path root = layout.root();
        if (!Files.exists(root)) {
            findings.add(Finding.fail(AREA, "directory", root.toAbsolutePath() + " does not exist",
                    "run wvo from the project root, or name the state directory with --state DIR or $WVO_STATE"));
            return findings;
        }
        if (!Files.isDirectory(root)) {
            findings.add(Finding.fail(AREA, "directory", root.toAbsolutePath() + " is not a directory",
                    "point --state at the state directory"));
            return findings;
        }
        findings.add(Files.isWritable(root)
                ? Finding.ok(AREA, "directory", root.toAbsolutePath() + " is a writable directory")
                : Finding.fail(AREA, "directory", root.toAbsolutePath() + " is not writable by this user",
                "give this user write access: chmod u+w " + root));
        findings.add(lockPermissions());
        obsoleteFences().ifPresent(findings::add);
        findings.add(freeSpace());
        findings.addAll(roadmapFindings());
        findings.add(Files.isRegularFile(layout.context())
                ? Finding.ok(AREA, "context.md", layout.context() + " present")
                : Finding.warn(AREA, "context.md", layout.context() + " is missing",
                "create it (it may be empty); agents share their notes there"));
        findings.addAll(eventFindings());
        return findings;
    }

    private Finding lockPermissions() {
        Path locks = layout.locks();
        if (!Files.isDirectory(locks)) {
            return Finding.ok(AREA, "locks/ permissions", locks + " not created yet (the first lock creates it owner-only)");
        }
        PosixFileAttributeView view = Files.getFileAttributeView(locks, PosixFileAttributeView.class);
        if (view == null) {
            return Finding.ok(AREA, "locks/ permissions", "this file system has no POSIX permissions");
        }
        try {
            Set<PosixFilePermission> permissions = view.readAttributes().permissions();
            Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
            permissions.stream().filter(OTHERS::contains).forEach(extra::add);
            String text = PosixFilePermissions.toString(permissions);
            return extra.isEmpty()
                    ? Finding.ok(AREA, "locks/ permissions", locks + " is " + text + " (owner only)")
                    : Finding.warn(AREA, "locks/ permissions", locks + " is " + text
                            + ": other users can read or replace lock records", "chmod 700 " + locks);
        } catch (IOException e) {
            return Finding.warn(AREA, "locks/ permissions", "cannot read the permissions of " + locks + ": " + e.getMessage(),
                    "check that this user may list " + layout.root());
        }
    }

    /**
     * The roadmap's fence files of wvo before issue 21 ({@code locks/roadmap.yaml.fence}, one per
     * lock store): nothing reads them any more. Ahead of the lock's counter (lock files removed by
     * hand) they made every roadmap write fail; now they are only debris.
     */
    private Optional<Finding> obsoleteFences() {
        if (!Files.isDirectory(layout.locks())) {
            return Optional.empty();
        }
        try (var entries = Files.list(layout.locks())) {
            List<String> fences = entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("roadmap.yaml.") && n.endsWith(".fence")).sorted().toList();
            return fences.isEmpty() ? Optional.empty() : Optional.of(Finding.warn(AREA, "obsolete fence",
                    String.join(", ", fences) + " in " + layout.locks() + " is left from an earlier wvo and no longer "
                            + "read (roadmap writes are confirmed with the lock store instead)",
                    "delete it: rm " + fences.stream().map(n -> layout.locks().resolve(n).toString())
                            .collect(java.util.stream.Collectors.joining(" "))));
        } catch (IOException e) {
            return Optional.empty(); // reported by the permission check above
        }
    }

    private Finding freeSpace() {
        try {
            long usable = Files.getFileStore(layout.root()).getUsableSpace();
            String detail = mebibytes(usable) + " free";
            if (usable < NO_SPACE_BYTES) {
                return Finding.fail(AREA, "free space", detail, "free disk space on the file system of " + layout.root());
            }
            if (usable < LOW_SPACE_BYTES) {
                return Finding.warn(AREA, "free space", detail + ", under " + mebibytes(LOW_SPACE_BYTES),
                        "free disk space; attempts keep their output under " + layout.artifacts());
            }
            return Finding.ok(AREA, "free space", detail);
        } catch (IOException e) {
            return Finding.warn(AREA, "free space", "cannot tell: " + e.getMessage(), "check the mount of " + layout.root());
        }
    }

    private static String mebibytes(long bytes) {
        return (bytes / (1024 * 1024)) + " MiB";
    }

    private List<Finding> roadmapFindings() {
        Path file = layout.roadmap();
        if (!Files.exists(file)) {
            return List.of(Finding.fail(AREA, "roadmap", file + " does not exist",
                    "write the tasks into " + file + " (see docs/state-format.md)"));
        }
        try {
            roadmap = RoadmapReader.read(file);
        } catch (RoadmapException e) {
            return List.of(Finding.fail(AREA, "roadmap", e.getMessage(),
                    "fix " + e.file() + " at line " + e.line() + ", or restore " + file + ".bak"));
        } catch (UncheckedIOException e) {
            return List.of(Finding.fail(AREA, "roadmap", "cannot read " + file + ": " + e.getMessage(),
                    "check the file's permissions"));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok(AREA, "roadmap", file + " loads: " + roadmap.tasks().size() + " task(s), "
                + roadmap.warnings().size() + " warning(s)"));
        for (RoadmapWarning w : roadmap.warnings()) {
            findings.add(roadmapWarning(file, w));
        }
        for (RoadmapConflict c : RoadmapConflicts.list(roadmap)) {
            findings.add(Finding.warn(AREA, "merge conflict", file + ": task " + c.task() + (RoadmapConflict.WHOLE_TASK
                    .equals(c.field()) ? " deleted on one side and changed on the other" : ", field " + c.field()
                    + ": ours " + c.ours() + ", theirs " + c.theirs()) + " (left by a git merge)",
                    "wvo task resolve " + c.task() + (RoadmapConflict.WHOLE_TASK.equals(c.field()) ? "" : " --field "
                    + c.field()) + " --take ours|theirs|VALUE"));
        }
        return findings;
    }

    /** The warnings read "what is wrong; what to do": the second half becomes the fix. */
    private static Finding roadmapWarning(Path file, RoadmapWarning w) {
        String where = file + ":" + w.line() + ": " + (w.taskId() == null ? "" : "task " + w.taskId() + ": ");
        int split = w.message().lastIndexOf("; ");
        String what = split < 0 ? w.message() : w.message().substring(0, split);
        String todo = split < 0 ? "edit the entry" : w.message().substring(split + 2);
        return Finding.warn(AREA, "roadmap entry", where + what,
                todo + " (" + file + ":" + w.line() + "); the entry is not run until then");
    }

    private List<Finding> eventFindings() {
        EventReader reader = EventReader.in(layout.root());
        if (!Files.exists(reader.file())) {
            return List.of(Finding.ok(AREA, "events.jsonl", "no events yet"));
        }
        EventHistory history;
        try {
            history = reader.readAll();
        } catch (UncheckedIOException e) {
            return List.of(Finding.fail(AREA, "events.jsonl", "cannot read " + reader.file() + ": " + e.getMessage(),
                    "check the file's permissions"));
        }
        List<Finding> findings = new ArrayList<>();
        findings.add(Finding.ok(AREA, "events.jsonl", history.events().size() + " event(s) readable"));
        for (UnreadableLine line : history.unreadable()) {
            findings.add(Finding.warn(AREA, "events.jsonl line", line.describe(),
                    "readers skip it; delete the line if no worker is writing it now"));
        }
        return findings;
    }
}
