package dev.wvo.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.RecordJson;
import dev.wvo.fs.StateDir;
import dev.wvo.spi.Usage;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code attempt.json} in an attempt's artifacts: who ran it, where, when, how it ended, and which
 * files it changed (copied beside it under {@code files/}). It is written when the attempt starts
 * ({@code outcome: running}, no {@code finished_at}) and again when it ends, so that an attempt
 * whose worker died still says where it worked and from which commit. The conflict detector
 * compares attempts whose times overlap; the next attempt's {@link AttemptBrief} reads it.
 *
 * @param workingDirectory where the agent ran
 * @param branch           the git branch checked out there when it started, or null (not git, detached)
 * @param base             the git {@code HEAD} commit when it started, or null
 * @param finishedAt       when it ended, or null while it runs (or after its worker died)
 * @param summary          how it ended in a line (masked like its output), or null
 * @param sessionId        the agent's conversation id, for resuming it, or null
 * @param hops             each agent run of the attempt, in order ({@link HopRecord}); a run of
 *                         the same attempt after its task was given back (every backend limited)
 *                         continues the list
 */
record AttemptRecord(String task, int attempt, String worker, String agent, Instant startedAt, Instant finishedAt,
                     String outcome, List<String> changedFiles, String workingDirectory, String branch, String base,
                     String summary, String sessionId, List<HopRecord> hops) {

    /** The outcome of an attempt that has not ended, or whose worker died before it could say. */
    static final String RUNNING = "running";
    /**
     * How far a record file's time may lag the clock its attempt's times were taken by: on one
     * host they are one clock; a state directory shared over NFS gets the server's time.
     */
    private static final Duration FILE_CLOCK_SLACK = Duration.ofMinutes(10);

    AttemptRecord {
        changedFiles = List.copyOf(changedFiles);
        hops = List.copyOf(hops);
    }

    /** The record of an attempt that starts now, in {@code workingDirectory} at the given git position. */
    static AttemptRecord started(String task, int attempt, String worker, String agent, Instant at, Path workingDirectory,
                                 Optional<GitPosition> git) {
        return new AttemptRecord(task, attempt, worker, agent, at, null, RUNNING, List.of(),
                workingDirectory.toAbsolutePath().normalize().toString(), git.map(GitPosition::branch).orElse(null),
                git.map(GitPosition::commit).orElse(null), null, null, List.of());
    }

    /** This started record, keeping the hops of an earlier run of the same attempt (its task was given back). */
    AttemptRecord continuing(Optional<AttemptRecord> earlier) {
        return earlier.map(e -> new AttemptRecord(task, attempt, worker, agent, startedAt, finishedAt, outcome, changedFiles,
                workingDirectory, branch, base, summary, sessionId, e.hops())).orElse(this);
    }

    /** This started record, completed; {@code lastAgent} is the backend that ran last (a hop may have changed it). */
    AttemptRecord finished(Instant at, String outcome, List<String> changedFiles, String summary, String sessionId,
                           String lastAgent, List<HopRecord> newHops) {
        List<HopRecord> all = new ArrayList<>(hops);
        all.addAll(newHops);
        return new AttemptRecord(task, attempt, worker, lastAgent, startedAt, at, outcome, changedFiles, workingDirectory,
                branch, base, summary, sessionId, all);
    }

    /** What all the attempt's agent runs used. */
    Usage usage() {
        return hops.stream().map(HopRecord::usage).reduce(Usage.NONE, Usage::plus);
    }

    boolean isRunning() {
        return finishedAt == null;
    }

    /** Whether the two ran at the same time; one still running counts as running from its start on. */
    boolean overlaps(AttemptRecord other) {
        return !startedAt.isAfter(endOf(other)) && !other.startedAt.isAfter(endOf(this));
    }

    private static Instant endOf(AttemptRecord r) {
        return r.finishedAt == null ? Instant.MAX : r.finishedAt;
    }

    void writeTo(StateDir.AttemptDir dir) throws IOException {
        ObjectNode n = RecordJson.mapper().createObjectNode();
        n.put("task", task);
        n.put("attempt", attempt);
        n.put("worker", worker);
        n.put("agent", agent);
        n.put("started_at", startedAt.toString());
        if (finishedAt != null) {
            n.put("finished_at", finishedAt.toString());
        }
        n.put("outcome", outcome);
        changedFiles.forEach(n.putArray("changed_files")::add);
        putIfPresent(n, "working_directory", workingDirectory);
        putIfPresent(n, "branch", branch);
        putIfPresent(n, "base", base);
        putIfPresent(n, "summary", summary);
        putIfPresent(n, "session_id", sessionId);
        if (!hops.isEmpty()) {
            ArrayNode list = n.putArray("hops");
            hops.forEach(h -> h.writeTo(list.addObject()));
        }
        Files.createDirectories(dir.directory());
        // before the record: a crash between the two leaves a task directory newer than its records, never older
        notBefore(dir.directory().getParent(), finishedAt == null ? startedAt : finishedAt);
        AtomicWrite.write(dir.record(), RecordJson.mapper().writeValueAsBytes(n));
    }

    /**
     * Moves a task directory's time forward to {@code at}, never back: so that its time is at least the
     * latest start or end of any of its attempts, which {@link #endedSince} looks at before it lists the
     * directory. Creating an attempt's directory moves it by itself, rewriting a record inside that
     * directory does not.
     */
    private static void notBefore(Path taskDirectory, Instant at) throws IOException {
        FileTime time = FileTime.from(at);
        if (Files.getLastModifiedTime(taskDirectory).compareTo(time) < 0) {
            try {
                Files.setLastModifiedTime(taskDirectory, time);
            } catch (FileSystemException notOwner) {
                // Only a directory's owner may set its time (EPERM for a task directory another
                // account made in a shared state); whoever may write in it moves it to now, which
                // is past at, by adding and removing an entry.
                Files.delete(Files.createTempFile(taskDirectory, ".time", ".tmp"));
            }
        }
    }

    static Optional<AttemptRecord> readFrom(StateDir.AttemptDir dir) {
        try {
            JsonNode n = RecordJson.mapper().readTree(BoundedRead.bytes(dir.record(), BoundedRead.RECORD));
            List<String> files = new ArrayList<>();
            n.path("changed_files").forEach(f -> files.add(f.asText()));
            String finished = textOrNull(n, "finished_at");
            List<HopRecord> hops = new ArrayList<>();
            n.path("hops").forEach(h -> hops.add(HopRecord.readFrom(h)));
            return Optional.of(new AttemptRecord(n.path("task").asText(), n.path("attempt").asInt(), n.path("worker").asText(),
                    n.path("agent").asText(), Instant.parse(n.path("started_at").asText()),
                    finished == null ? null : Instant.parse(finished), n.path("outcome").asText(RUNNING), files,
                    textOrNull(n, "working_directory"), textOrNull(n, "branch"), textOrNull(n, "base"),
                    textOrNull(n, "summary"), textOrNull(n, "session_id"), hops));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Every attempt recorded under {@code state/artifacts} that may have run at {@code since} or
     * later, with its directory: those whose record was last written since then, less
     * {@link #FILE_CLOCK_SLACK}. An attempt's last write comes after its end, so an attempt that
     * ended before {@code since} is left out by its file's time alone, unread: the history grows
     * with every task, and each finished attempt looks for overlaps with the others. Whole task
     * directories are left out unlisted by their own time, which {@link #writeTo} keeps at least the
     * latest start or end of their attempts: a state of thousands of done tasks costs a {@code stat}
     * per task, not a listing of each task's attempts and a {@code stat} of each attempt's record.
     * (An older wvo does not move that time when it rewrites a record: while it shares a state
     * with this one, an attempt of its that ran longer than the slack is judged by the time its
     * directory was made, and a conflict with it may go unreported here.)
     */
    static List<Located> endedSince(StateDir state, Instant since) throws IOException {
        Path root = state.artifacts();
        List<Located> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        FileTime oldest = FileTime.from(since.minus(FILE_CLOCK_SLACK));
        try (Stream<Path> tasks = Files.list(root)) {
            for (Path task : tasks.toList()) {
                if (!writtenSince(task, oldest)) {
                    continue;
                }
                try (Stream<Path> attempts = Files.list(task)) {
                    for (Path dir : attempts.toList()) {
                        StateDir.AttemptDir attempt = new StateDir.AttemptDir(dir);
                        if (writtenSince(attempt.record(), oldest)) {
                            readFrom(attempt).ifPresent(r -> out.add(new Located(r, attempt)));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static boolean writtenSince(Path file, FileTime oldest) {
        try {
            return Files.getLastModifiedTime(file).compareTo(oldest) >= 0;
        } catch (IOException e) {
            return true; // gone or unreadable: the listing or readFrom says so
        }
    }

    private static void putIfPresent(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }

    private static String textOrNull(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    record Located(AttemptRecord record, StateDir.AttemptDir directory) {
    }
}
