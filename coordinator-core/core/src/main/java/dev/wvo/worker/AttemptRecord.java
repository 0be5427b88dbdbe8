package dev.wvo.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.fs.AtomicWrite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code attempt.json} in an attempt's artifacts: who ran it, when, how it ended, and which files
 * it changed (copied beside it under {@code files/}). The conflict detector compares attempts
 * whose times overlap.
 */
record AttemptRecord(String task, int attempt, String worker, String agent, Instant startedAt, Instant finishedAt,
                     String outcome, List<String> changedFiles) {

    static final String FILE = "attempt.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    AttemptRecord {
        changedFiles = List.copyOf(changedFiles);
    }

    boolean overlaps(AttemptRecord other) {
        return !startedAt.isAfter(other.finishedAt) && !other.startedAt.isAfter(finishedAt);
    }

    void writeTo(Path dir) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("task", task);
        n.put("attempt", attempt);
        n.put("worker", worker);
        n.put("agent", agent);
        n.put("started_at", startedAt.toString());
        n.put("finished_at", finishedAt.toString());
        n.put("outcome", outcome);
        changedFiles.forEach(n.putArray("changed_files")::add);
        AtomicWrite.write(dir.resolve(FILE), JSON.writeValueAsBytes(n));
    }

    static Optional<AttemptRecord> readFrom(Path dir) {
        try {
            JsonNode n = JSON.readTree(Files.readAllBytes(dir.resolve(FILE)));
            List<String> files = new ArrayList<>();
            n.path("changed_files").forEach(f -> files.add(f.asText()));
            return Optional.of(new AttemptRecord(n.path("task").asText(), n.path("attempt").asInt(), n.path("worker").asText(),
                    n.path("agent").asText(), Instant.parse(n.path("started_at").asText()),
                    Instant.parse(n.path("finished_at").asText()), n.path("outcome").asText(), files));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Every attempt recorded under {@code state/artifacts}, with its directory. */
    static List<Located> all(Path stateDir) throws IOException {
        Path root = stateDir.resolve("artifacts");
        List<Located> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> tasks = Files.list(root)) {
            for (Path task : tasks.toList()) {
                try (Stream<Path> attempts = Files.list(task)) {
                    for (Path dir : attempts.toList()) {
                        readFrom(dir).ifPresent(r -> out.add(new Located(r, dir)));
                    }
                }
            }
        }
        return out;
    }

    record Located(AttemptRecord record, Path directory) {
    }
}
