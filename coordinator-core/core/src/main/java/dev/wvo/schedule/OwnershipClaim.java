package dev.wvo.schedule;

import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The locks a running task holds on what it changes. A task that owns nothing named owns the
 * whole workspace: it takes {@link #WHOLE_WORKSPACE} exclusively. A task that owns
 * named paths takes each of them (exclusively, or shared when it only reads) and the global
 * resource shared, so that a whole-workspace task excludes it and it excludes nothing else.
 */
public final class OwnershipClaim {

    /** The resource that an empty ownership list stands for: the whole workspace. */
    public static final String WHOLE_WORKSPACE = "__global__";
    static final String PREFIX = "owns:";

    private OwnershipClaim() {
    }

    /** The lock resources and modes a task needs, in a fixed order (so that no two claimers can deadlock). */
    public static List<Need> needsOf(List<String> owns, boolean readonly) {
        LockMode pathMode = readonly ? LockMode.SHARED : LockMode.EXCLUSIVE;
        if (owns.isEmpty()) {
            return List.of(new Need(WHOLE_WORKSPACE, pathMode));
        }
        TreeMap<String, Need> needs = new TreeMap<>();
        needs.put(WHOLE_WORKSPACE, new Need(WHOLE_WORKSPACE, LockMode.SHARED));
        for (String path : owns) {
            String resource = PREFIX + OwnershipPaths.normalize(path);
            needs.put(resource, new Need(resource, pathMode));
        }
        return List.copyOf(needs.values());
    }

    /**
     * Takes every lock the task needs, without waiting.
     *
     * @return the handles, or empty (with nothing left held) if any of them is busy
     */
    public static Optional<List<LockHandle>> tryTake(LockManager locks, List<Need> needs) {
        List<LockHandle> taken = new ArrayList<>();
        for (Need need : needs) {
            Optional<LockHandle> handle = locks.tryAcquire(need.resource(), need.mode());
            if (handle.isEmpty()) {
                taken.forEach(LockHandle::release);
                return Optional.empty();
            }
            taken.add(handle.get());
        }
        return Optional.of(List.copyOf(taken));
    }

    /** One lock a task needs. */
    public record Need(String resource, LockMode mode) {
    }
}
