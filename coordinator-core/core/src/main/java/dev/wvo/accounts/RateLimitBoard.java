package dev.wvo.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.LockedStore;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which agent backends are rate-limited, until when and by whose report, in
 * {@code state/rate-limits.json}: one board for every worker, so that when one worker hits a
 * limit the others move to their fallbacks without each hitting it again. An entry is keyed by
 * backend name today; keying it by account (a backend and its login) is the next step of this
 * home, which also holds the cost ledger ({@link CostLedger}).
 */
public final class RateLimitBoard {

    /** How long a backend counts as limited when the agent did not say when the limit lifts. */
    public static final Duration DEFAULT_COOL_DOWN = Duration.ofMinutes(15);
    /**
     * The shortest a limit is marked for: a {@code retry-after} of two seconds would only send every
     * worker back into the same limit, each losing a few seconds to it before falling back again.
     */
    public static final Duration MIN_COOL_DOWN = Duration.ofMinutes(1);
    /** The lock resource that serializes writers of the board. */
    public static final String LOCK = "rate-limits";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final LockedStore store;
    private final Clock clock;

    public RateLimitBoard(Path stateDirectory, LockManager locks, Clock clock) {
        this.file = new StateDir(stateDirectory).rateLimits();
        this.store = LockedStore.builder(file, locks, LOCK).build();
        this.clock = clock;
    }

    /**
     * One limited backend.
     *
     * @param backend the backend name
     * @param until   when it is expected to be usable again
     * @param by      the worker that reported it
     * @param reason  the agent's message
     */
    public record Limit(String backend, Instant until, String by, String reason) {
    }

    /**
     * Records that {@code backend} is limited until {@code until} (or for the default cool-down when
     * the agent did not say), and for at least {@link #MIN_COOL_DOWN}.
     */
    public void mark(String backend, Instant until, String by, String reason) {
        Instant now = clock.instant();
        Instant lifts = until == null ? now.plus(DEFAULT_COOL_DOWN) : until.isBefore(now.plus(MIN_COOL_DOWN))
                ? now.plus(MIN_COOL_DOWN) : until;
        change(board -> board.put(backend, new Limit(backend, lifts, by, reason)));
    }

    /**
     * Clears a backend's limit (it worked again, or a person says so).
     *
     * @return whether it was on the board
     */
    public boolean clear(String backend) {
        boolean[] removed = new boolean[1];
        change(board -> removed[0] = board.remove(backend) != null);
        return removed[0];
    }

    /** Limits still in force now. */
    public List<Limit> active() {
        Instant now = clock.instant();
        return read().values().stream().filter(l -> l.until().isAfter(now)).toList();
    }

    /** When the backend is usable again, if it is limited now. */
    public Optional<Instant> limitedUntil(String backend) {
        return active().stream().filter(l -> l.backend().equals(backend)).map(Limit::until).findFirst();
    }

    /** The first backend of the chain that is not limited now. */
    public Optional<String> firstAvailable(List<String> chain) {
        List<Limit> active = active();
        return chain.stream().filter(b -> active.stream().noneMatch(l -> l.backend().equals(b))).findFirst();
    }

    /** When the first of the chain's limits lifts. */
    public Optional<Instant> nextLift(List<String> chain) {
        return active().stream().filter(l -> chain.contains(l.backend())).map(Limit::until).min(Instant::compareTo);
    }

    private interface Change {
        void apply(Map<String, Limit> board);
    }

    private void change(Change change) {
        try {
            store.update(bytes -> {
                Map<String, Limit> board = parse(bytes);
                Instant now = clock.instant();
                board.values().removeIf(l -> !l.until().isAfter(now));
                change.apply(board);
                return LockedStore.Change.write(null, write(board));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } catch (LockTimeoutException e) {
            throw new IllegalStateException("The rate-limit board is locked by another process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while updating the rate-limit board", e);
        }
    }

    private Map<String, Limit> read() {
        try {
            return parse(BoundedRead.bytes(file, BoundedRead.RECORD));
        } catch (IOException e) {
            return new TreeMap<>(); // absent, or too large to be a board: as damaged
        }
    }

    /** The board in {@code bytes}; a damaged board only costs a retry against a limited backend, never a worker. */
    private static Map<String, Limit> parse(byte[] bytes) {
        Map<String, Limit> board = new TreeMap<>();
        if (bytes == null || bytes.length > BoundedRead.RECORD) {
            return board;
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode n = e.getValue();
                board.put(e.getKey(), new Limit(e.getKey(), Instant.parse(n.path("until").asText()),
                        n.path("by").asText(null), n.path("reason").asText(null)));
            }
            return board;
        } catch (IOException | RuntimeException e) {
            return board; // what was readable before the damage
        }
    }

    private static byte[] write(Map<String, Limit> board) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        for (Limit l : new ArrayList<>(board.values())) {
            ObjectNode n = root.putObject(l.backend());
            n.put("until", l.until().toString());
            n.put("by", l.by());
            n.put("reason", l.reason());
        }
        return JSON.writeValueAsBytes(root);
    }
}
