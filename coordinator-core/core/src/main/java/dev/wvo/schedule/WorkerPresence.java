package dev.wvo.schedule;

import dev.wvo.fs.FileNames;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A worker is alive exactly while it holds the lock {@code worker:<id>}. Claims of tasks are
 * judged by that lock, so they follow the lock backend's liveness rules (a dead pid on this host,
 * an expired lease elsewhere, a lost ZooKeeper session) and there is no second lease mechanism
 * to keep consistent with the first.
 *
 * <p>A claim is alive only while the very acquisition that made it holds the lock: a claim
 * records the fencing token of its worker's presence lock, and a worker started again under the
 * same id (after {@code kill -9}, the auto-name {@code worker1} is free again) holds a newer
 * token. Judged by the name alone, the new worker would keep its dead predecessor's claim alive
 * for ever: nobody would take the task back.
 */
public final class WorkerPresence {

    static final String PREFIX = "worker:";
    /** How many {@code workerN} names are tried when a worker starts without an id. */
    private static final int MAX_AUTO_NAMES = 1000;

    private final LockManager locks;

    public WorkerPresence(LockManager locks) {
        this.locks = locks;
    }

    public static String resourceOf(String workerId) {
        return PREFIX + workerId;
    }

    /**
     * Registers a worker under a chosen id.
     *
     * @return the held presence lock, or empty if a live worker already has that id
     * @throws IllegalArgumentException if the id is not a plain name: it names the worker's files ({@link FileNames})
     */
    public Optional<LockHandle> register(String workerId) {
        return locks.tryAcquire(resourceOf(FileNames.requirePlain("worker id", workerId)), LockMode.EXCLUSIVE);
    }

    /** Registers under the first free name of {@code worker1, worker2, …}; a dead worker's name is free again. */
    public LockHandle registerFirstFree() {
        for (int n = 1; n <= MAX_AUTO_NAMES; n++) {
            Optional<LockHandle> handle = register("worker" + n);
            if (handle.isPresent()) {
                return handle.get();
            }
        }
        throw new IllegalStateException("All worker names worker1..worker" + MAX_AUTO_NAMES + " are taken by live workers");
    }

    /** The id a presence lock stands for. */
    public static String workerIdOf(LockHandle presence) {
        return presence.resource().substring(PREFIX.length());
    }

    /** True if a live worker holds this id now. */
    public boolean isAlive(String workerId) {
        return live(workerId).contains(workerId);
    }

    /** True if the worker that made this claim is alive: the same acquisition of its presence lock still holds it. */
    public boolean holds(Claim claim) {
        return live(claim.worker()).holds(claim);
    }

    private LiveWorkers live(String workerId) {
        return liveAmong(locks.inspect(resourceOf(workerId)).stream().toList());
    }

    /** The workers alive in a listing of every lock ({@link LockManager#inspect()}): one look for many workers. */
    public static LiveWorkers liveAmong(List<LockInfo> locks) {
        return new LiveWorkers(locks.stream().filter(info -> info.resource().startsWith(PREFIX))
                .filter(info -> info.holders().stream().anyMatch(h -> !h.isStale()))
                .collect(Collectors.toMap(info -> info.resource().substring(PREFIX.length()),
                        info -> info.holders().stream().filter(h -> !h.isStale()).map(HolderInfo::token)
                                .collect(Collectors.toUnmodifiableSet()))));
    }

    /**
     * The live workers at one look, with the tokens of their presence locks.
     *
     * @param tokens worker id → the fencing tokens of its live presence (one, for an exclusive lock)
     */
    public record LiveWorkers(Map<String, Set<Long>> tokens) {

        public LiveWorkers {
            tokens = Map.copyOf(tokens);
        }

        /** The ids of the live workers. */
        public Set<String> ids() {
            return tokens.keySet();
        }

        /** True if a live worker holds this id. */
        public boolean contains(String workerId) {
            return tokens.containsKey(workerId);
        }

        /**
         * True if the claim's worker holds its presence lock with the claim's token. A claim that
         * names no token (written by hand, or by an older wvo) is judged by its worker id alone:
         * never taken from a live worker, at the price of the restart case above.
         */
        public boolean holds(Claim claim) {
            Set<Long> held = tokens.get(claim.worker());
            return held != null && (claim.presence() == Claim.UNKNOWN_PRESENCE || held.contains(claim.presence()));
        }
    }
}
