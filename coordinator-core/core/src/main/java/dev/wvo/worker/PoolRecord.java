package dev.wvo.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.RecordJson;
import dev.wvo.fs.StateDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The workers {@code wvo up} started: {@code state/pool.json}, {@code {"workers": ["pool-1", ...]}}
 * in start order. A pooled worker is a full worker that coordinates only through {@code state/}
 * like any other; this file only says which ones {@code wvo down} stops and {@code wvo ps} lists
 * as the pool. Only {@code wvo up} and {@code wvo down} write it (atomically), and only while they
 * hold the {@value #LOCK} lock: {@code up} adds the ids it starts and drops those of workers that are
 * gone and no longer of the pool, {@code down} drops those of workers that are gone.
 */
public final class PoolRecord {

    /** The lock {@code wvo up} holds from its look at which pool workers run to its last write here. */
    public static final String LOCK = "pool";

    private final Path file;

    public PoolRecord(StateDir state) {
        this.file = state.pool();
    }

    /** The pool's worker ids in start order; empty when {@code wvo up} never ran. */
    public List<String> workers() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonNode root = RecordJson.mapper().readTree(BoundedRead.bytes(file, BoundedRead.RECORD));
            List<String> ids = new ArrayList<>();
            root.path("workers").forEach(n -> ids.add(n.asText()));
            return List.copyOf(ids);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage() + "; remove it, then `wvo up` "
                    + "writes it again", e);
        }
    }

    /** Adds these ids (those already named keep their place). */
    public void add(List<String> ids) {
        Set<String> all = new LinkedHashSet<>(workers());
        all.addAll(ids);
        write(all);
    }

    /** Keeps only the ids {@code keep} accepts, in their order; writes nothing when all are kept. */
    public void retain(Predicate<String> keep) {
        List<String> before = workers();
        Set<String> kept = new LinkedHashSet<>(before.stream().filter(keep).toList());
        if (kept.size() != before.size()) {
            write(kept);
        }
    }

    private void write(Set<String> all) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workers", List.copyOf(all));
        try {
            AtomicWrite.write(file, (RecordJson.mapper().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
