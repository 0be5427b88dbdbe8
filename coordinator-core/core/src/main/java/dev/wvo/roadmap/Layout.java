package dev.wvo.roadmap;

/** How a roadmap file arranges its tasks. A file is always written back in the layout it was read in. */
public enum Layout {
    /** wvo's own: {@code version: 2} and a flat {@code tasks:} list. */
    NATIVE,
    /**
     * The layout agents wrote before wvo: tasks under {@code epics[].tasks} and
     * {@code epics[].milestones[].tasks}, and sometimes also a top-level {@code tasks:} list.
     */
    NESTED
}
