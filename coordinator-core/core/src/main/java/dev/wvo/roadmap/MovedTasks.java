package dev.wvo.roadmap;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The tasks of a roadmap read by a {@link RoadmapSplice}: each as some earlier read made it, with
 * how far the edits since have moved it in the file, its moved copy made when it is first asked
 * for. A claim on a 10,000-task roadmap changes a few tasks and moves the thousands after them;
 * it looks at none of those but through their states ({@link Roadmap#states()}), which a move
 * does not change, so the splice carries three arrays along instead of a copy of each moved task.
 *
 * <p>A moved copy is made once and then always given: the editor tells tasks apart by identity,
 * and two threads reading one roadmap must get the same copy (the first one stored wins).
 */
final class MovedTasks extends AbstractList<RoadmapTask> implements RandomAccess {

    /** Each task as a read made it. */
    private final RoadmapTask[] read;
    /**
     * How many code points, and lines, the edits since that read moved each task, as stored: the
     * stored value plus the shift of the task's stretch ({@link Shifts}, the same as the layout's).
     */
    private final int[] cps;
    private final int[] lines;
    private final Shifts shifts;
    private final AtomicReferenceArray<RoadmapTask> moved;

    MovedTasks(RoadmapTask[] read, int[] cps, int[] lines, Shifts shifts) {
        this.read = read;
        this.cps = cps;
        this.lines = lines;
        this.shifts = shifts;
        this.moved = new AtomicReferenceArray<>(read.length);
    }

    /** The tasks of {@code tasks}, as a splice carries them on: as read, and how far each moved since. */
    static MovedTasks of(List<RoadmapTask> tasks) {
        if (tasks instanceof MovedTasks kept) {
            return kept;
        }
        int n = tasks.size();
        return new MovedTasks(tasks.toArray(new RoadmapTask[0]), new int[n], new int[n], Shifts.NONE);
    }

    Shifts shifts() {
        return shifts;
    }

    /** The tasks as read, which a splice copies and changes only where it read a task again. */
    RoadmapTask[] storedRead() {
        return read;
    }

    int[] storedCps() {
        return cps;
    }

    int[] storedLines() {
        return lines;
    }

    /**
     * The task at {@code k} as the read that parsed it made it: the same fields, id, index, epic and
     * state as {@link #get}'s, its line and base from then; what a splice compares and reads states of.
     */
    RoadmapTask asRead(int k) {
        return read[k];
    }

    /** The line the task at {@code k} starts on now, without making its moved copy. */
    int line(int k) {
        return read[k].line() + lines[k] + shifts.lines(shifts.stretchOf(k));
    }

    @Override
    public RoadmapTask get(int k) {
        RoadmapTask task = read[k];
        int stretch = shifts.stretchOf(k);
        int byCps = cps[k] + shifts.cps(stretch);
        int byLines = lines[k] + shifts.lines(stretch);
        if (byCps == 0 && byLines == 0) {
            return task;
        }
        RoadmapTask made = moved.get(k);
        if (made == null) {
            RoadmapTask copy = task.movedBy(byCps, byLines);
            made = moved.compareAndExchange(k, null, copy);
            if (made == null) {
                made = copy;
            }
        }
        return made;
    }

    @Override
    public int size() {
        return read.length;
    }
}
