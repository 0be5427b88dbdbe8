package dev.wvo.lock;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Several simulated processes on one lock directory, inside one JVM: each has its own fake pid,
 * all share a controllable clock and a liveness table the test decides. Heartbeats are off, so
 * leases move only when the test moves the clock or renews.
 */
final class SimulatedProcesses implements AutoCloseable {

    static final HostIdentity HOST = new HostIdentity("host-a", "boot-1", "machine-a", "pid:[1]");
    static final Duration LEASE = Duration.ofSeconds(30);

    final Path directory;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T12:00:00Z"));
    final Set<Long> dead = ConcurrentHashMap.newKeySet();
    private final java.util.List<FileLockManager> managers = new java.util.concurrent.CopyOnWriteArrayList<>();

    SimulatedProcesses(Path directory) {
        this.directory = directory;
    }

    FileLockManager process(String owner, long pid) {
        return process(owner, pid, HOST);
    }

    FileLockManager process(String owner, long pid, HostIdentity host) {
        FileLockManager m = FileLockManager.builder(directory).owner(owner)
                .host(HOST)
                .process(new ProcessRef(host, pid, Instant.EPOCH))
                .liveness((p, started) -> !dead.contains(p))
                .clock(clock).lease(LEASE).heartbeatInterval(Duration.ZERO)
                .releaseOnShutdown(false).build();
        managers.add(m);
        return m;
    }

    /** Stops every simulated process's manager; with processes marked dead, what they held stays as a crash leaves it. */
    @Override
    public void close() {
        managers.forEach(FileLockManager::close);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
