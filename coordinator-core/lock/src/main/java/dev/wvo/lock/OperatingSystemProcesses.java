package dev.wvo.lock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@link ProcessLiveness} as the operating system tells it, through {@link ProcessHandle}.
 *
 * <p>Waiters judge the same few processes (the holder, the other waiters) at every look and
 * every attempt, several times a millisecond while a lock changes hands. The first judgement of a
 * process asks for its start time ({@link ProcessHandle#info()}: on Linux a read of several
 * {@code /proc} files, ~75 µs); once it matched the recorded one, the handle is kept, and later
 * judgements ask only {@link ProcessHandle#isAlive()} (one read of {@code /proc/<pid>/stat},
 * ~12 µs), which compares the pid's start time with the one the handle was made with: a pid
 * reused by another process is not alive for it. A process found alive less than
 * {@link #RECHECK_NANOS} ago is not asked again: a death is seen that much later at most, and
 * "alive" is the verdict that never takes a lock from anyone.
 */
final class OperatingSystemProcesses implements ProcessLiveness {

    static final OperatingSystemProcesses INSTANCE = new OperatingSystemProcesses();

    /** Processes judged at once by one JVM are a handful; many more would be a leak. */
    private static final int KEPT = 64;
    /** How long an "alive" stands: far below a waiter's back-off pause (up to 100 ms). */
    static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private record Key(long pid, Instant startedAt) {
    }

    private record Verified(ProcessHandle handle, long aliveAt) {
    }

    private final Map<Key, Verified> verified = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Verified> eldest) {
            return size() > KEPT;
        }
    };

    private OperatingSystemProcesses() {
    }

    @Override
    public boolean isAlive(long pid, Instant startedAt) {
        Key key = new Key(pid, startedAt);
        Verified kept;
        synchronized (verified) {
            kept = verified.get(key);
        }
        if (kept != null) {
            long now = System.nanoTime();
            if (now - kept.aliveAt() < RECHECK_NANOS) {
                return true;
            }
            boolean alive = kept.handle().isAlive();
            synchronized (verified) {
                if (alive) {
                    verified.put(key, new Verified(kept.handle(), now));
                } else {
                    verified.remove(key);
                }
            }
            return alive;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        boolean alive = handle.map(h -> startedAt == null || h.info().startInstant()
                        .map(actual -> actual.toEpochMilli() == startedAt.toEpochMilli())
                        // the OS does not tell the start time: trust the pid alone
                        .orElse(true))
                .orElse(false);
        // a process recorded without its start time is judged by its pid alone, afresh each time
        if (alive && startedAt != null) {
            synchronized (verified) {
                verified.put(key, new Verified(handle.get(), System.nanoTime()));
            }
        }
        return alive;
    }
}
