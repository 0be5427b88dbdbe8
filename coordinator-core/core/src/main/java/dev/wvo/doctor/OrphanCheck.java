package dev.wvo.doctor;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.ResourceNames;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapTask;
import dev.wvo.schedule.WorkerPresence;
import dev.wvo.worker.WorkerControl;
import dev.wvo.worker.WorkerRecord;
import dev.wvo.worker.WorkerRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What processes that are gone left behind: worker files of workers that are not running, control
 * requests for workers that do not exist, artifacts of tasks no longer in the roadmap, and temp
 * files of atomic writes that never finished.
 */
public final class OrphanCheck {

    static final String AREA = "orphans";
    /** A temp file younger than this may belong to a write in progress. */
    static final Duration TEMP_FILE_AGE = Duration.ofMinutes(5);

    private final StateDir layout;
    private final LockManager locks;
    private final Clock clock;

    public OrphanCheck(Path stateDirectory, LockManager locks, Clock clock) {
        this.layout = new StateDir(stateDirectory);
        this.locks = locks;
        this.clock = clock;
    }

    public List<Finding> run(Optional<Roadmap> roadmap) {
        List<Finding> findings = new ArrayList<>();
        WorkerPresence presence = new WorkerPresence(locks);
        WorkerRegistry registry = new WorkerRegistry(layout.workers());
        List<WorkerRecord> records = registry.list();
        for (WorkerRecord r : records) {
            if (!presence.isAlive(r.id())) {
                findings.add(Finding.warn(AREA, "worker file", registry.fileOf(r.id()) + ": worker " + r.id()
                        + " (pid " + r.pid() + " on " + r.host() + ") is not running", "rm " + registry.fileOf(r.id())));
            }
        }
        Set<String> known = records.stream().map(WorkerRecord::id).collect(Collectors.toSet());
        Path control = layout.workerControl();
        for (Path request : list(control, "*")) {
            String id = request.getFileName().toString();
            if (!id.equals(WorkerControl.ALL) && !id.startsWith(".") && !known.contains(id) && !presence.isAlive(id)) {
                findings.add(Finding.warn(AREA, "control request", request + " is for worker " + id + ", which does not exist",
                        "rm " + request + " (else a worker started under that name obeys it)"));
            }
        }
        roadmap.ifPresent(r -> artifacts(r).ifPresent(findings::add));
        List<Path> temps = new ArrayList<>();
        for (Path dir : List.of(layout.root(), layout.locks(), layout.journals(), layout.workers(), control)) {
            list(dir, ".*.tmp").stream().filter(this::old).forEach(temps::add);
        }
        if (!temps.isEmpty()) {
            findings.add(Finding.warn(AREA, "temp files", temps.size() + " leftover temp file(s) of interrupted writes: "
                    + temps.stream().map(Path::toString).collect(Collectors.joining(", ")),
                    "delete them; wvo lock list clears those in locks/"));
        }
        if (findings.isEmpty()) {
            findings.add(Finding.ok(AREA, "leftovers", "no orphaned worker files, control requests, artifacts or temp files"));
        }
        return findings;
    }

    private Optional<Finding> artifacts(Roadmap roadmap) {
        Set<String> ids = roadmap.tasks().stream().map(RoadmapTask::id).collect(Collectors.toSet());
        long orphaned = list(layout.artifacts(), "*").stream().filter(Files::isDirectory)
                .map(d -> d.getFileName().toString())
                .filter(encoded -> !ids.contains(ResourceNames.decode(encoded).orElse(encoded)))
                .count();
        return orphaned == 0 ? Optional.empty() : Optional.of(Finding.warn(AREA, "artifacts",
                orphaned + " artifact director(ies) under " + layout.artifacts() + " belong to tasks not in the roadmap",
                "keep them for the record, or delete those directories"));
    }

    private boolean old(Path file) {
        try {
            Instant modified = Files.getLastModifiedTime(file).toInstant();
            return modified.isBefore(clock.instant().minus(TEMP_FILE_AGE));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> list(Path dir, String glob) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, glob)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
        }
        entries.sort(null);
        return entries;
    }
}
