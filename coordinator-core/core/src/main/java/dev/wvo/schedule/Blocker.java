package dev.wvo.schedule;

/**
 * Why a task is not runnable now, in words a person can act on.
 *
 * @param kind   the kind of reason
 * @param detail the specifics: which dependency, which worker, which problem
 */
public record Blocker(Kind kind, String detail) {

    public enum Kind {
        /** Not pending: done, in progress, failed, blocked, or a status wvo does not run. */
        STATUS,
        /** Waits for dependencies that are not done. */
        DEPENDENCIES,
        /** The roadmap entry has a problem to fix first. */
        PROBLEM,
        /** Every allowed attempt has been used. */
        ATTEMPTS,
        /** Its ownership overlaps a task in progress. */
        OWNERSHIP
    }

    @Override
    public String toString() {
        return detail;
    }
}
