package dev.wvo.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.accounts.Account;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.FileNames;
import dev.wvo.fs.RecordJson;
import dev.wvo.lock.LockManager;
import dev.wvo.schedule.WorkerPresence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The worker files in {@code state/workers/}: one {@code <id>.json} per worker, written only by that worker. */
public final class WorkerRegistry {

    private final Path directory;

    public WorkerRegistry(Path workersDirectory) {
        this.directory = workersDirectory;
    }

    public Path directory() {
        return directory;
    }

    /**
     * {@code <id>.json}.
     *
     * @throws IllegalArgumentException if the id is not a plain name ({@link FileNames}): never resolved as given
     */
    public Path fileOf(String workerId) {
        return directory.resolve(FileNames.requirePlain("worker id", workerId) + ".json");
    }

    /**
     * Writes the worker's record whole (atomically), so readers never see half of it. It is not
     * forced to disk ({@link AtomicWrite#writeUnforced}): the worker rewrites it every two seconds,
     * its liveness is its presence lock, and the agent processes it lists for a reclaim do not
     * outlive a power cut, after which an empty record reads as missing ({@link #list}).
     */
    public void write(WorkerRecord r) {
        ObjectNode node = RecordJson.mapper().createObjectNode();
        node.put("id", r.id());
        node.put("pid", r.pid());
        node.put("host", r.host());
        node.put("agent", r.agent());
        node.put("started_at", r.startedAt().toString());
        node.put("heartbeat_at", r.heartbeatAt().toString());
        node.put("status", r.status().label());
        node.put("task", r.task());
        if (r.attempt() == null) {
            node.putNull("attempt");
        } else {
            node.put("attempt", r.attempt());
        }
        node.put("task_started_at", r.taskStartedAt() == null ? null : r.taskStartedAt().toString());
        node.put("detail", r.detail());
        ArrayNode processes = node.putArray("processes");
        r.processes().forEach(p -> processes.addObject().put("pid", p.pid()).put("started_at", p.startedAt().toString()));
        r.accounts().forEach(node.putArray("accounts")::add);
        try {
            AtomicWrite.writeUnforced(fileOf(r.id()), RecordJson.mapper().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + fileOf(r.id()) + ": " + e.getMessage(), e);
        }
    }

    public Optional<WorkerRecord> read(String workerId) {
        return readFile(fileOf(workerId));
    }

    /** Every worker file that can be read, by id; unreadable ones are skipped (a worker rewrites its own). */
    public List<WorkerRecord> list() {
        List<WorkerRecord> records = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return records;
        }
        // a filter, not the glob "*.json", which the JDK compiles to a regular expression at each listing
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory,
                file -> file.getFileName().toString().endsWith(".json"))) {
            for (Path file : files) {
                // a record must name the worker of its own file: an id planted in another file would
                // be used as a path (a stop request for it, doctor's `rm` advice)
                readFile(file).filter(r -> FileNames.isPlain(r.id()) && file.getFileName().toString().equals(r.id() + ".json"))
                        .ifPresent(records::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
        records.sort(Comparator.comparing(WorkerRecord::id));
        return records;
    }

    /**
     * The accounts of the chains of these workers, as their records name them: the pool that
     * "all agents limited" is judged over.
     */
    public Set<String> accountsOf(Set<String> workerIds) {
        Set<String> accounts = new LinkedHashSet<>();
        list().stream().filter(r -> workerIds.contains(r.id())).forEach(r -> accounts.addAll(r.accounts()));
        return accounts;
    }

    /**
     * The pool with a chain in it: the accounts of every live worker (alive as {@code locks} judge
     * their presence locks) and those of {@code chain}, a worker's own or one about to start.
     */
    public Set<String> liveAccountsWith(LockManager locks, List<Account> chain) {
        Set<String> accounts = accountsOf(WorkerPresence.liveAmong(locks.inspect()).ids());
        chain.forEach(a -> accounts.add(a.id()));
        return accounts;
    }

    /** Removes a worker's file when it stops. */
    public void remove(String workerId) {
        try {
            Files.deleteIfExists(fileOf(workerId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + fileOf(workerId) + ": " + e.getMessage(), e);
        }
    }

    private static List<RecordedProcess> processes(JsonNode list) {
        List<RecordedProcess> processes = new ArrayList<>();
        list.forEach(p -> processes.add(new RecordedProcess(p.path("pid").asLong(), Instant.parse(p.path("started_at")
                .asText()))));
        return processes;
    }

    private static Optional<WorkerRecord> readFile(Path file) {
        try {
            JsonNode n = RecordJson.mapper().readTree(BoundedRead.bytes(file, BoundedRead.RECORD));
            return Optional.of(new WorkerRecord(n.path("id").asText(), n.path("pid").asLong(), n.path("host").asText(),
                    n.path("agent").asText(null), Instant.parse(n.path("started_at").asText()),
                    Instant.parse(n.path("heartbeat_at").asText()), WorkerStatus.fromLabel(n.path("status").asText("idle")),
                    text(n, "task"), n.hasNonNull("attempt") ? n.get("attempt").asInt() : null,
                    n.hasNonNull("task_started_at") ? Instant.parse(n.get("task_started_at").asText()) : null,
                    text(n, "detail"), processes(n.path("processes")), accountsOf(n)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The accounts the record lists, or its agent alone in a record of an earlier wvo. */
    private static List<String> accountsOf(JsonNode n) {
        List<String> accounts = new ArrayList<>();
        n.path("accounts").forEach(a -> accounts.add(a.asText()));
        if (accounts.isEmpty() && n.hasNonNull("agent")) {
            accounts.add(n.get("agent").asText());
        }
        return accounts;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
