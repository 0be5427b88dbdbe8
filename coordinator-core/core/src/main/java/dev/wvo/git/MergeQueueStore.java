package dev.wvo.git;

import dev.wvo.fs.StateDir;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.FileNames;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * One for every store, made on first use: {@code wvo status} scans a queue directory that is
     * not there on most states, and Jackson's first mapper costs a fresh JVM tens of milliseconds.
     */
    private static final class Json {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final Path dir;
    private final Clock clock;
    /**
     * Each entry as last read, by file name, with the identity its file had then. Landed entries
     * stay in the queue, and a worker lists it several times per loop: a file is parsed again only
     * when it is another file (each write makes a new one, renamed into place), or its size or
     * modification time changed.
     */
    private final Map<String, Read> reads = new ConcurrentHashMap<>();

    /** An entry and the identity of the file it was read from. */
    private record Read(Object fileKey, long size, FileTime modified, MergeEntry entry) {
        boolean sameFile(BasicFileAttributes now) {
            return fileKey != null && fileKey.equals(now.fileKey()) && size == now.size()
                    && modified.equals(now.lastModifiedTime());
        }
    }

    /**
     * @param dir the queue directory, usually {@code state/merge-queue}
     * @param clock time source for entry ages
     */
    public MergeQueueStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
    }

    /** The queue of a state directory: {@code <state>/merge-queue}. */
    public static MergeQueueStore in(Path stateDir, Clock clock) {
        return new MergeQueueStore(new StateDir(stateDir).mergeQueue(), clock);
    }

    /** Adds a task branch of the target to the queue and returns the new entry. */
    public MergeEntry enqueue(String taskId, String branch, int priority) {
        return enqueue(taskId, branch, priority, null, null);
    }

    /**
     * Adds a task branch to the queue and returns the new entry.
     *
     * @param base      the commit the branch's own work starts from, or null when unknown
     * @param stackedOn the task whose unlanded branch this one starts from, or null
     */
    public MergeEntry enqueue(String taskId, String branch, int priority, String base, String stackedOn) {
        Instant now = clock.instant();
        String id = now.toEpochMilli() + "-" + FileNames.branchComponent(taskId) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        MergeEntry entry = new MergeEntry(id, taskId, branch, priority, now, MergeEntry.Status.QUEUED,
                List.of(), null, null, base, stackedOn);
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
        Set<String> listed = new HashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).toList()) {
                String name = f.getFileName().toString();
                listed.add(name);
                try {
                    entries.add(readAgainIfChanged(f));
                } catch (IllegalStateException e) {
                    unreadable.put(name.substring(0, name.length() - ".json".length()), e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list merge queue " + dir, e);
        }
        reads.keySet().retainAll(listed);
        entries.sort(ORDER);
        return new Scan(List.copyOf(entries), java.util.Collections.unmodifiableMap(unreadable));
    }

    /** The first QUEUED entry in queue order. */
    public Optional<MergeEntry> head() {
        return list().stream().filter(e -> e.status() == MergeEntry.Status.QUEUED).findFirst();
    }

    /** Looks an entry up by id. */
    public Optional<MergeEntry> find(String id) {
        return fileOf(id).map(this::read);
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
        Optional<Path> file = fileOf(id);
        try {
            return file.isPresent() && Files.deleteIfExists(file.get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot drop merge-queue entry " + file.get(), e);
        }
    }

    /**
     * The file of the entry with this id, found among the queue's files by name: an id given on
     * the command line is never resolved as a path ({@code ../roadmap} would leave the queue).
     */
    private Optional<Path> fileOf(String id) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String name = id + ".json";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list merge queue " + dir, e);
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
        m.put("base", e.base());
        m.put("stackedOn", e.stackedOn());
        try {
            Files.createDirectories(dir);
            AtomicWrite.write(dir.resolve(e.id() + ".json"), Json.JSON.writeValueAsBytes(m));
        } catch (IOException ex) {
            throw new UncheckedIOException("Cannot write merge-queue entry " + dir.resolve(e.id() + ".json"), ex);
        }
    }

    /**
     * The entry of {@code f}, parsed again only if the file changed since it was last read. The
     * file's identity is taken before its content: a file replaced in between is read new with the
     * old identity, which the next look finds changed and reads again.
     */
    private MergeEntry readAgainIfChanged(Path f) {
        String name = f.getFileName().toString();
        BasicFileAttributes identity;
        try {
            identity = Files.readAttributes(f, BasicFileAttributes.class);
        } catch (IOException e) {
            reads.remove(name);
            return read(f); // dropped meanwhile: says so as any unreadable entry
        }
        Read last = reads.get(name);
        if (last != null && last.sameFile(identity)) {
            return last.entry();
        }
        MergeEntry entry = read(f);
        reads.put(name, new Read(identity.fileKey(), identity.size(), identity.lastModifiedTime(), entry));
        return entry;
    }

    @SuppressWarnings("unchecked")
    private MergeEntry read(Path f) {
        try {
            Map<String, Object> m = Json.JSON.readValue(BoundedRead.bytes(f, BoundedRead.RECORD), Map.class);
            String name = f.getFileName().toString();
            String branch = (String) m.get("branch");
            if (branch == null || branch.startsWith("-") || !Repository.isValidRefName(Constants.R_HEADS + branch)) {
                throw new IllegalArgumentException("'" + branch + "' is not a branch name");
            }
            // the id is the file's own name, which the entry is written back to: never a path its content names
            return new MergeEntry(name.substring(0, name.length() - ".json".length()), (String) m.get("taskId"), branch,
                    ((Number) m.get("priority")).intValue(), Instant.parse((String) m.get("enqueuedAt")),
                    MergeEntry.Status.valueOf((String) m.get("status")), (List<String>) m.get("conflictPaths"),
                    (String) m.get("failureTail"), (String) m.get("mergedCommit"), (String) m.get("base"),
                    (String) m.get("stackedOn"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Unreadable merge-queue entry " + f + ": " + e.getMessage()
                    + " (fix or delete the file)", e);
        }
    }

    private static IllegalArgumentException missing(String id) {
        return new IllegalArgumentException("No merge-queue entry '" + id + "'; see 'wvo merge-queue list'");
    }
}
