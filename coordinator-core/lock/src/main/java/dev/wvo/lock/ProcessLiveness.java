package dev.wvo.lock;

import java.time.Instant;

/** Tells whether a process of this machine is running. Replaceable in tests that simulate processes. */
@FunctionalInterface
public interface ProcessLiveness {

    /**
     * @param pid       a process id on this machine
     * @param startedAt the start time recorded for it, or null if unknown
     * @return true if a process with that pid runs and (when known) started at that time
     */
    boolean isAlive(long pid, Instant startedAt);

    /** The operating system's view, through {@link ProcessHandle}. */
    static ProcessLiveness operatingSystem() {
        return OperatingSystemProcesses.INSTANCE;
    }
}
