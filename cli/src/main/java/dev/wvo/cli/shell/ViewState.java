package dev.wvo.cli.shell;

import java.util.List;

/**
 * What the person chose on the full-screen view: the focused panel, the selected rows, the task
 * filter, the worker whose output is followed, the help page, and the answer to the last action.
 * Only the key-reading thread changes it; the drawing thread reads it under the screen's lock.
 */
final class ViewState {

    /** The panels Tab moves between, in screen order. */
    enum Panel { WORKERS, TASKS, MERGES, EVENTS }

    Panel focus = Panel.WORKERS;
    int worker;
    int task;
    int merge;
    TaskFilter filter = TaskFilter.NONE;
    /** The worker whose output fills the screen, or null. */
    String followed;
    /** Lines scrolled back from the end of the followed output; 0 follows new lines. */
    int scrollBack;
    boolean help;
    /** What the last key or command answered, shown above the key line until Esc. */
    List<String> answer = List.of();

    void next() {
        focus = Panel.values()[(focus.ordinal() + 1) % Panel.values().length];
    }
}
