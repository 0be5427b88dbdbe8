package dev.wvo.conflict;

/** What the detector suggests doing about one path that several attempts touched. */
public enum Resolution {
    /** Every attempt left the same content (or all deleted the file): nothing to do. */
    NONE_NEEDED,
    /** One attempt's version contains every other's: take it ({@link ArtifactConflict#chosen()}). */
    TAKE_SUPERSET,
    /** The attempts changed a common base in places that do not overlap: the merged text applies. */
    THREE_WAY_MERGE,
    /**
     * A test file whose attempts only inserted lines, some at the same place: keep all of them,
     * in attempt order (like git's {@code merge=union}).
     */
    UNION,
    /** The changes overlap (or cannot be compared): block the task and record the conflict. */
    ESCALATE
}
