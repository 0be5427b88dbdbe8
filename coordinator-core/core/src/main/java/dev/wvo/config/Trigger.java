package dev.wvo.config;

import java.util.Locale;

/** What can happen to a task that wvo reacts to on its own: an attempt that ends badly, or a merge that fails. */
public enum Trigger {
    /** The merge queue ran the test command on the merge result and it failed. */
    MERGE_TEST_FAILED,
    /** The merge queue found the task's branch conflicting with the target. */
    MERGE_CONFLICT,
    /** The attempt printed nothing for the stall timeout. */
    STALLED,
    /** The attempt ran past the task timeout. */
    TIMED_OUT,
    /** The agent's own permissions or sandbox refused its edits or commands. */
    REFUSED,
    /** The agent reported success on a task that changes files, but changed none. */
    NO_CHANGES,
    /** The attempt failed in any other way. */
    FAILED;

    /** The trigger's key under {@code reactions:} in config.yaml and in a task's {@code reactions:} map. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The trigger written as {@code key}, or null. */
    public static Trigger ofKey(String key) {
        for (Trigger t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        return null;
    }
}
