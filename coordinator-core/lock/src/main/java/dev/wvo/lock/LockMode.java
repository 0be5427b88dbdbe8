package dev.wvo.lock;

/** How a lock is held: by one holder alone, or by any number of shared holders at once. */
public enum LockMode {
    /** Excludes every other holder, shared or exclusive. */
    EXCLUSIVE,
    /** Any number of shared holders together; excludes exclusive holders. */
    SHARED;

    /** The lower-case name used in lock files and on the command line. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code exclusive} or {@code shared}, in any case. */
    public static LockMode fromLabel(String label) {
        return valueOf(label.toUpperCase(java.util.Locale.ROOT));
    }
}
