package dev.wvo.lock;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The content of one lock file: who holds the resource, in which mode, and which exclusive
 * requests wait for it. A lock file with neither holders nor waiters does not exist.
 */
record LockRecord(String resource, LockMode mode, List<Holder> holders, List<Waiter> waiting) {

    LockRecord {
        holders = List.copyOf(holders);
        waiting = List.copyOf(waiting);
    }

    boolean isEmpty() {
        return holders.isEmpty() && waiting.isEmpty();
    }

    long maxToken() {
        return holders.stream().mapToLong(Holder::token).max().orElse(0);
    }

    LockRecord withHolders(LockMode newMode, List<Holder> newHolders) {
        return new LockRecord(resource, newMode, newHolders, waiting);
    }

    LockRecord withWaiting(List<Waiter> newWaiting) {
        return new LockRecord(resource, mode, holders, newWaiting);
    }

    LockRecord withoutHolder(long token) {
        List<Holder> rest = new ArrayList<>(holders);
        rest.removeIf(h -> h.token() == token);
        return new LockRecord(resource, mode, rest, waiting);
    }

    LockRecord withoutWaiter(String waitId) {
        List<Waiter> rest = new ArrayList<>(waiting);
        rest.removeIf(w -> w.waitId().equals(waitId));
        return new LockRecord(resource, mode, holders, rest);
    }

    /** One holder; the token identifies the acquisition, and so is what release and renewal match. */
    record Holder(String owner, long token, ProcessRef process, Instant acquiredAt, Instant heartbeatAt,
                  Duration lease) {

        Holder renewedAt(Instant now) {
            return new Holder(owner, token, process, acquiredAt, now, lease);
        }
    }

    /** An exclusive request waiting for the lock; shared acquirers do not overtake it while it is fresh. */
    record Waiter(String owner, String waitId, ProcessRef process, Instant refreshedAt) {
    }
}
