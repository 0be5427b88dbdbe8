package dev.wvo.lock;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ProcessLiveness} as the operating system tells it, through {@link ProcessHandle}.
 *
 * <p>A waiter judges the same few processes (the holder, the other waiters) at every attempt.
 * The first judgement of a process asks for its start time ({@link ProcessHandle#info()}: on
 * Linux a read of several {@code /proc} files, ~75 µs); once it matched the recorded one, the
 * handle is kept, and later judgements ask only {@link ProcessHandle#isAlive()} (one read of
 * {@code /proc/<pid>/stat}, ~12 µs), which compares the pid's start time with the one the handle
 * was made with: a pid reused by another process is not alive for it. The verdicts are the same
 * as asking afresh each time; only the cost differs.
 */
final class OperatingSystemProcesses implements ProcessLiveness {

    static final OperatingSystemProcesses INSTANCE = new OperatingSystemProcesses();

    /** Processes judged at once by one manager are a handful; many more would be a leak. */
    private static final int KEPT = 64;

    private record Key(long pid, Instant startedAt) {
    }

    private final Map<Key, ProcessHandle> verified = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, ProcessHandle> eldest) {
            return size() > KEPT;
        }
    };

    private OperatingSystemProcesses() {
    }

    @Override
    public boolean isAlive(long pid, Instant startedAt) {
        Key key = new Key(pid, startedAt);
        ProcessHandle kept;
        synchronized (verified) {
            kept = verified.get(key);
        }
        if (kept != null) {
            if (kept.isAlive()) {
                return true;
            }
            synchronized (verified) {
                verified.remove(key);
            }
            return false;
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
                verified.put(key, handle.get());
            }
        }
        return alive;
    }
}
