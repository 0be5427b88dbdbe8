package dev.wvo.lock;

import java.time.Duration;
import java.util.List;

/** The lock was not acquired within the timeout. Names the holders that had it, for the user. */
public class LockTimeoutException extends Exception {

    private final String resource;
    private final transient List<HolderInfo> holders;

    public LockTimeoutException(String resource, Duration timeout, List<HolderInfo> holders) {
        super("Timed out after " + timeout.toMillis() + " ms waiting for lock '" + resource + "'"
                + (holders.isEmpty() ? "" : ", held by " + describe(holders)));
        this.resource = resource;
        this.holders = List.copyOf(holders);
    }

    private static String describe(List<HolderInfo> holders) {
        return String.join(", ", holders.stream().map(HolderInfo::describe).toList());
    }

    public String resource() {
        return resource;
    }

    /** The holders at the last attempt. */
    public List<HolderInfo> holders() {
        return holders;
    }
}
