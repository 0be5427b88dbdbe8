package dev.wvo.roadmap;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The tasks of a roadmap read by a splice: each task as it was last read, and how far the edits
 * since then moved it in the text (code points and lines). The copy that stands at its place
 * ({@link RoadmapTask#movedTo}) is made when the task is asked for, once: an edit near the start
 * of a 10,000-task roadmap moves thousands of tasks, and a transaction looks at the places of a
 * few (the ones it edits and the next splice re-reads), while the next splice only adds its own
 * moves to these numbers. Fields, view and state do not depend on the place ({@link #asRead}).
 *
 * <p>Unmodifiable, like every roadmap's task list. Once made, a task's copy is the one every
 * caller gets: the editor tells tasks apart by identity.
 */
final class MovedTasks extends AbstractList<RoadmapTask> implements RandomAccess {

    private final RoadmapTask[] asRead;
    /** How far each task moved since it was read: added to its {@link RoadmapTask#base()} and line. */
    private final int[] cpShift;
    private final int[] lineShift;
    /** The copies made at their places so far; a task not moved is its own copy. */
    private final RoadmapTask[] placed;

    MovedTasks(RoadmapTask[] asRead, int[] cpShift, int[] lineShift) {
        this.asRead = asRead;
        this.cpShift = cpShift;
        this.lineShift = lineShift;
        this.placed = new RoadmapTask[asRead.length];
    }

    /** The tasks of a roadmap read some other way, none moved; the list itself if it is one of these. */
    static MovedTasks of(List<RoadmapTask> tasks) {
        if (tasks instanceof MovedTasks moved) {
            return moved;
        }
        int n = tasks.size();
        return new MovedTasks(tasks.toArray(new RoadmapTask[n]), new int[n], new int[n]);
    }

    @Override
    public RoadmapTask get(int i) {
        if (cpShift[i] == 0 && lineShift[i] == 0) {
            return asRead[i];
        }
        RoadmapTask made = placed[i];
        if (made == null) {
            // a roadmap is shared by the threads that read it: the first copy made is the one kept
            synchronized (this) {
                made = placed[i];
                if (made == null) {
                    RoadmapTask task = asRead[i];
                    made = task.movedTo(task.base() + cpShift[i], task.line() + lineShift[i]);
                    placed[i] = made;
                }
            }
        }
        return made;
    }

    @Override
    public int size() {
        return asRead.length;
    }

    /**
     * The task at {@code i} as last read, perhaps not where it stands now: its fields, view and
     * state are those of {@link #get}, its line and marks' base may not be.
     */
    RoadmapTask asRead(int i) {
        return asRead[i];
    }

    /** The task list of a splice, made in file order from the tasks before and the ones it read again. */
    static final class Builder {
        private final RoadmapTask[] asRead;
        private final int[] cpShift;
        private final int[] lineShift;

        Builder(int size) {
            asRead = new RoadmapTask[size];
            cpShift = new int[size];
            lineShift = new int[size];
        }

        /** Takes the tasks {@code from} to {@code to} (exclusive) of {@code before} at the same places, moved further as given. */
        void keep(MovedTasks before, int from, int to, int cpMove, int lineMove) {
            System.arraycopy(before.asRead, from, asRead, from, to - from);
            if (cpMove == 0) {
                System.arraycopy(before.cpShift, from, cpShift, from, to - from);
            } else {
                for (int i = from; i < to; i++) {
                    cpShift[i] = before.cpShift[i] + cpMove;
                }
            }
            if (lineMove == 0) {
                System.arraycopy(before.lineShift, from, lineShift, from, to - from);
            } else {
                for (int i = from; i < to; i++) {
                    lineShift[i] = before.lineShift[i] + lineMove;
                }
            }
        }

        /** A task read again, at its place. */
        void read(int i, RoadmapTask task) {
            asRead[i] = task;
        }

        MovedTasks build() {
            return new MovedTasks(asRead, cpShift, lineShift);
        }
    }
}
