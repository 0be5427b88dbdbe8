package dev.wvo.schedule;

import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A worker is alive exactly while it holds the lock {@code worker:<id>}. Claims of tasks are
 * judged by that lock, so they follow the lock backend's liveness rules (a dead pid on this host,
 * an expired lease elsewhere, a lost ZooKeeper session) and there is no second lease mechanism
 * to keep consistent with the first.
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
     */
    public Optional<LockHandle> register(String workerId) {
        return locks.tryAcquire(resourceOf(workerId), LockMode.EXCLUSIVE);
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
        return locks.inspect(resourceOf(workerId))
                .map(info -> info.holders().stream().anyMatch(h -> !h.isStale()))
                .orElse(false);
    }

    /** The ids of the workers alive in a listing of every lock ({@link LockManager#inspect()}): one look for many workers. */
    public static Set<String> aliveAmong(List<LockInfo> locks) {
        return locks.stream().filter(info -> info.resource().startsWith(PREFIX))
                .filter(info -> info.holders().stream().anyMatch(h -> !h.isStale()))
                .map(info -> info.resource().substring(PREFIX.length()))
                .collect(Collectors.toSet());
    }
}
