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
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which accounts are limited, until when, why and by whose report, in
 * {@code state/rate-limits.json}: one board for every worker on every host, so that when one
 * worker hits an account's limit the others move to their next account without each hitting it
 * again. An entry is keyed by account id ({@code claude:work}; a backend's default account is the
 * backend's name, so a board written before accounts existed reads the same). Besides usage and
 * rate limits, a worker marks an account that reached its daily budget, or that its CLI warned is
 * close to its limit, until the time it is usable again.
 */
public final class RateLimitBoard {

    /** How long an account counts as limited when the agent did not say when the limit lifts, by default. */
    public static final Duration DEFAULT_COOL_DOWN = LimitSettings.DEFAULTS.coolDown();
    /** The shortest a limit is marked for, by default ({@link LimitSettings#minCoolDown}). */
    public static final Duration MIN_COOL_DOWN = LimitSettings.DEFAULTS.minCoolDown();
    /** The lock resource that serializes writers of the board. */
    public static final String LOCK = "rate-limits";
    /**
     * Made on first use, not when the class is: {@code wvo status} reads a board that is not there
     * on most states, and Jackson's first mapper costs a fresh JVM tens of milliseconds.
     */
    private static final class Json {
        static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final Path file;
    private final LockedStore store;
    private final Clock clock;
    private final LimitSettings settings;

    public RateLimitBoard(Path stateDirectory, LockManager locks, Clock clock) {
        this(stateDirectory, locks, clock, LimitSettings.DEFAULTS);
    }

    public RateLimitBoard(Path stateDirectory, LockManager locks, Clock clock, LimitSettings settings) {
        this.file = new StateDir(stateDirectory).rateLimits();
        this.store = LockedStore.builder(file, locks, LOCK).build();
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * One limited account.
     *
     * @param account the account id ({@code claude:work}, or {@code claude} for the default account)
     * @param until   when it is expected to be usable again
     * @param by      the worker that reported it
     * @param reason  the agent's message, or why wvo marked it (a budget, an early stop)
     */
    public record Limit(String account, Instant until, String by, String reason) {

        /** The backend of the account. */
        public String backend() {
            return Account.backendOf(account);
        }
    }

    /**
     * Records that an account is limited until {@code until} (or for the configured cool-down when
     * the agent did not say), and for at least the configured minimum.
     */
    public void mark(String account, Instant until, String by, String reason) {
        Instant now = clock.instant();
        Instant earliest = now.plus(settings.minCoolDown());
        Instant lifts = until == null ? now.plus(settings.coolDown()) : until.isBefore(earliest) ? earliest : until;
        change(board -> board.put(account, new Limit(account, lifts, by, reason)));
    }

    /**
     * Clears an account's limit (it worked again, or a person says so); a backend's name clears
     * every account of that backend.
     *
     * @return whether anything was on the board
     */
    public boolean clear(String accountOrBackend) {
        boolean[] removed = new boolean[1];
        change(board -> removed[0] = board.keySet().removeIf(id -> id.equals(accountOrBackend)
                || Account.backendOf(id).equals(accountOrBackend)));
        return removed[0];
    }

    /** Limits still in force now. */
    public List<Limit> active() {
        Instant now = clock.instant();
        return read().values().stream().filter(l -> l.until().isAfter(now)).toList();
    }

    /** The account's limit, if it is limited now. */
    public Optional<Limit> limitOf(String account) {
        return active().stream().filter(l -> l.account().equals(account)).findFirst();
    }

    /** When the account is usable again, if it is limited now. */
    public Optional<Instant> limitedUntil(String account) {
        return limitOf(account).map(Limit::until);
    }

    /** The first account of the chain that is not limited now. */
    public Optional<Account> firstAvailable(List<Account> chain) {
        List<Limit> active = active();
        return chain.stream().filter(a -> active.stream().noneMatch(l -> l.account().equals(a.id()))).findFirst();
    }

    /** The limit of the chain that lifts first: when, and which account. */
    public Optional<Limit> nextLift(List<Account> chain) {
        List<String> ids = chain.stream().map(Account::id).toList();
        return active().stream().filter(l -> ids.contains(l.account())).min(Comparator.comparing(Limit::until));
    }

    /**
     * Whether every one of {@code accounts} is limited now (the pool-wide state "all agents limited
     * until T"): if so, the limit that lifts first.
     */
    public Optional<Limit> allLimited(Collection<String> accounts) {
        if (accounts.isEmpty()) {
            return Optional.empty();
        }
        List<Limit> active = active();
        List<Limit> theirs = active.stream().filter(l -> accounts.contains(l.account())).toList();
        boolean all = accounts.stream().allMatch(a -> theirs.stream().anyMatch(l -> l.account().equals(a)));
        return all ? theirs.stream().min(Comparator.comparing(Limit::until)) : Optional.empty();
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
            JsonNode root = Json.JSON.readTree(bytes);
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
        ObjectNode root = Json.JSON.createObjectNode();
        for (Limit l : new ArrayList<>(board.values())) {
            ObjectNode n = root.putObject(l.account());
            n.put("until", l.until().toString());
            n.put("by", l.by());
            n.put("reason", l.reason());
        }
        return Json.JSON.writeValueAsBytes(root);
    }
}
