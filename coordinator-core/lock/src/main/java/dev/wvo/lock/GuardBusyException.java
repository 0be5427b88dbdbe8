package dev.wvo.lock;

/**
 * A lock's guard, held for microseconds in normal operation, stayed held longer than the caller
 * could wait: the process in the middle of a step on that lock is stopped (Ctrl-Z, {@code kill
 * -STOP}, a debugger) or stuck. Nothing was changed. The message names that process where the
 * system tells it, and what to do.
 */
public class GuardBusyException extends LockException {

    private final String resource;

    GuardBusyException(String resource, String message) {
        super(message);
        this.resource = resource;
    }

    public String resource() {
        return resource;
    }
}
