package dev.wvo.git;

import dev.wvo.fs.StateDir;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The merge queue on disk: {@code state/merge-queue/<id>.json}, one entry per file, ordered by
 * priority (higher first) then age (older first). Mutations of the queue are made by the holder of
 * the {@code merge-queue} lock (see {@link MergeQueue}); enqueueing writes a new file atomically and
 * needs no lock.
 */
public final class MergeQueueStore {
    private static final Comparator<MergeEntry> ORDER = Comparator
            .comparingInt(MergeEntry::priority).reversed()
            .thenComparing(MergeEntry::enqueuedAt)
            .thenComparing(MergeEntry::id);

    private final Path dir;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param dir the queue directory, usually {@code state/merge-queue}
     * @param clock time source for entry ages
     */
    public MergeQueueStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The output of the {@code run}th run (from 1) of the test command on entry {@code id}'s merge: {@code <id>.test-<run>.log}. */
    public Path testLog(String id, int run) {
        return dir.resolve(id + ".test-" + run + ".log");
    }

    /** The queue of a state directory: {@code <state>/merge-queue}. */
    public static MergeQueueStore in(Path stateDir, Clock clock) {
        return new MergeQueueStore(new StateDir(stateDir).mergeQueue(), clock);
    }

    /** Adds a task branch to the queue and returns the new entry. */
    public MergeEntry enqueue(String taskId, String branch, int priority) {
        Instant now = clock.instant();
        String id = now.toEpochMilli() + "-" + taskId.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        MergeEntry entry = new MergeEntry(id, taskId, branch, priority, now, MergeEntry.Status.QUEUED,
                List.of(), null, null);
        write(entry);
        return entry;
    }

    /** All entries in queue order, whatever their status; an unreadable entry file is an error. */
    public List<MergeEntry> list() {
        Scan scan = scan();
        if (!scan.unreadable().isEmpty()) {
            throw new IllegalStateException(scan.unreadable().values().iterator().next());
        }
        return scan.entries();
    }

    /**
     * What the queue directory holds, for readers that must show the rest when one file is bad.
     *
     * @param entries    the readable entries, in queue order
     * @param unreadable entry id → why its file cannot be read, in id order
     */
    public record Scan(List<MergeEntry> entries, Map<String, String> unreadable) {
    }

    /** Reads every entry file, keeping the ones that cannot be read apart instead of failing on them. */
    public Scan scan() {
        if (!Files.isDirectory(dir)) {
            return new Scan(List.of(), Map.of());
        }
        List<MergeEntry> entries = new ArrayList<>();
        Map<String, String> unreadable = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                try {
                    entries.add(read(f));
                } catch (IllegalStateException e) {
                    String name = f.getFileName().toString();
                    unreadable.put(name.substring(0, name.length() - ".json".length()), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list merge queue " + dir, e);
        }
        entries.sort(ORDER);
        return new Scan(List.copyOf(entries), java.util.Collections.unmodifiableMap(unreadable));
    }

    /** The first QUEUED entry in queue order. */
    public Optional<MergeEntry> head() {
        return list().stream().filter(e -> e.status() == MergeEntry.Status.QUEUED).findFirst();
    }

    /** Looks an entry up by id. */
    public Optional<MergeEntry> find(String id) {
        Path f = dir.resolve(id + ".json");
        return Files.exists(f) ? Optional.of(read(f)) : Optional.empty();
    }

    /** True once some entry of the task has been merged into the target. */
    public boolean isMerged(String taskId) {
        return list().stream().anyMatch(e -> e.taskId().equals(taskId) && e.status() == MergeEntry.Status.MERGED);
    }

    /** Puts a CONFLICT or TEST_FAILED entry back to QUEUED; returns the updated entry. */
    public MergeEntry retry(String id) {
        MergeEntry e = find(id).orElseThrow(() -> missing(id));
        MergeEntry queued = e.withOutcome(MergeEntry.Status.QUEUED, List.of(), null, null);
        write(queued);
        return queued;
    }

    /** Removes an entry; returns false when it did not exist. */
    public boolean drop(String id) {
        try {
            return Files.deleteIfExists(dir.resolve(id + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot drop merge-queue entry " + dir.resolve(id + ".json"), e);
        }
    }

    void write(MergeEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("taskId", e.taskId());
        m.put("branch", e.branch());
        m.put("priority", e.priority());
        m.put("enqueuedAt", e.enqueuedAt().toString());
        m.put("status", e.status().name());
        m.put("conflictPaths", e.conflictPaths());
        m.put("failureTail", e.failureTail());
        m.put("mergedCommit", e.mergedCommit());
        try {
            Files.createDirectories(dir);
            AtomicWrite.write(dir.resolve(e.id() + ".json"), json.writeValueAsBytes(m));
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write merge-queue entry " + dir.resolve(e.id() + ".json"), ex);
        }
    }

    @SuppressWarnings("unchecked")
    private MergeEntry read(Path f) {
        try {
            Map<String, Object> m = json.readValue(BoundedRead.bytes(f, BoundedRead.RECORD), Map.class);
            return new MergeEntry((String) m.get("id"), (String) m.get("taskId"), (String) m.get("branch"),
                    ((Number) m.get("priority")).intValue(), Instant.parse((String) m.get("enqueuedAt")),
                    MergeEntry.Status.valueOf((String) m.get("status")), (List<String>) m.get("conflictPaths"),
                    (String) m.get("failureTail"), (String) m.get("mergedCommit"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Unreadable merge-queue entry " + f + ": " + e.getMessage()
                    + " (fix or delete the file)", e);
        }
    }

    private static IllegalArgumentException missing(String id) {
        return new IllegalArgumentException("No merge-queue entry '" + id + "'; see 'wvo merge-queue list'");
    }
}
