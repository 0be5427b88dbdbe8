package dev.wvo.lock;

import java.time.Instant;
import java.util.Objects;

/**
 * A process on a host. The start time guards against pid reuse: a pid that is alive but started
 * at another time is another process.
 *
 * @param host      the machine and boot the process runs in
 * @param pid       the operating-system process id
 * @param startedAt when the process started, or null if the OS does not say
 */
public record ProcessRef(HostIdentity host, long pid, Instant startedAt) {

    public ProcessRef {
        Objects.requireNonNull(host, "host");
    }

    /** This JVM's process on this host. */
    public static ProcessRef current() {
        return current(HostIdentity.current());
    }

    /** This JVM's process, on the given host identity. */
    public static ProcessRef current(HostIdentity host) {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessRef(host, self.pid(), self.info().startInstant().orElse(null));
    }
}
