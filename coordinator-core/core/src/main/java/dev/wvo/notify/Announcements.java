package dev.wvo.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.wvo.fs.LockedStore;
import dev.wvo.fs.RecordJson;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What has been announced to the pool, in {@code state/announcements.json}, so that several
 * workers on several hosts that see the same thing announce it once: a pool-wide event (all
 * accounts limited until T, the run finished) is written by the first worker to see it, and a
 * notification is sent by the first worker to take it, within the quiet time of its condition and
 * the hourly cap. Each decision is one {@link LockedStore} transaction under the {@value #LOCK} lock.
 */
public final class Announcements {

    /** The lock resource that serializes the decisions. */
    public static final String LOCK = "announcements";
    /** How long a key is remembered: longer than any condition repeats itself by accident. */
    static final Duration MEMORY = Duration.ofDays(7);

    private final LockedStore store;
    private final Clock clock;

    public Announcements(StateDir state, LockManager locks, Clock clock) {
        this.store = LockedStore.builder(state.announcements(), locks, LOCK).build();
        this.clock = clock;
    }

    /** Whether this is the first time {@code key} is announced (and marks it announced). */
    public boolean first(String key) {
        return change(s -> s.once.putIfAbsent(key, clock.instant()) == null);
    }

    /**
     * Whether a notification is sent: the first time its key is seen, unless its condition
     * ({@code subject}) notified within {@code quiet}, or {@code maxPerHour} notifications were
     * sent in the last hour. One held back is counted, and the next one sent says how many were.
     */
    public Admission admit(String key, String subject, Duration quiet, int maxPerHour) {
        return change(s -> {
            Instant now = clock.instant();
            if (s.once.putIfAbsent("notified:" + key, now) != null) {
                return Admission.DUPLICATE;
            }
            Instant last = s.lastBySubject.get(subject);
            long lastHour = s.sent.stream().filter(t -> t.isAfter(now.minus(Duration.ofHours(1)))).count();
            if ((last != null && last.isAfter(now.minus(quiet))) || lastHour >= maxPerHour) {
                s.heldBack++;
                return Admission.HELD_BACK;
            }
            Admission sent = new Admission(true, s.heldBack);
            s.heldBack = 0;
            s.lastBySubject.put(subject, now);
            s.sent.add(now);
            return sent;
        });
    }

    /**
     * The decision on one notification.
     *
     * @param send     whether to send it
     * @param heldBack how many notifications were held back since the last one sent
     */
    public record Admission(boolean send, int heldBack) {
        static final Admission DUPLICATE = new Admission(false, 0);
        static final Admission HELD_BACK = new Admission(false, 0);
    }

    /** The file's content, as read and written. */
    private static final class State {
        final Map<String, Instant> once = new LinkedHashMap<>();
        final Map<String, Instant> lastBySubject = new LinkedHashMap<>();
        final List<Instant> sent = new ArrayList<>();
        int heldBack;
    }

    private <T> T change(Function<State, T> change) {
        try {
            return store.update(bytes -> {
                State state = parse(bytes);
                Instant forget = clock.instant().minus(MEMORY);
                state.once.values().removeIf(t -> t.isBefore(forget));
                state.lastBySubject.values().removeIf(t -> t.isBefore(forget));
                state.sent.removeIf(t -> t.isBefore(clock.instant().minus(Duration.ofHours(1))));
                T result = change.apply(state);
                return LockedStore.Change.write(result, RecordJson.mapper().writeValueAsBytes(toJson(state)));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + store.file() + ": " + e.getMessage(), e);
        } catch (LockTimeoutException e) {
            throw new IllegalStateException("The announcements are locked by another process: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while updating " + store.file(), e);
        }
    }

    /** The state in {@code bytes}; a damaged file costs at most one announcement made twice, never a worker. */
    private static State parse(byte[] bytes) {
        State state = new State();
        if (bytes == null) {
            return state;
        }
        try {
            JsonNode root = RecordJson.mapper().readTree(bytes);
            times(root.path("once"), state.once);
            times(root.path("last_by_subject"), state.lastBySubject);
            root.path("sent").forEach(t -> state.sent.add(Instant.parse(t.asText())));
            state.heldBack = root.path("held_back").asInt(0);
            return state;
        } catch (IOException | RuntimeException e) {
            return new State();
        }
    }

    private static void times(JsonNode node, Map<String, Instant> into) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            into.put(e.getKey(), Instant.parse(e.getValue().asText()));
        }
    }

    private static ObjectNode toJson(State state) {
        ObjectNode root = RecordJson.mapper().createObjectNode();
        ObjectNode once = root.putObject("once");
        state.once.forEach((k, t) -> once.put(k, t.toString()));
        ObjectNode last = root.putObject("last_by_subject");
        state.lastBySubject.forEach((k, t) -> last.put(k, t.toString()));
        state.sent.forEach(t -> root.withArray("sent").add(t.toString()));
        root.put("held_back", state.heldBack);
        return root;
    }
}
