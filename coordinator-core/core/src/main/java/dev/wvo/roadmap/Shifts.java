package dev.wvo.roadmap;

import java.util.Arrays;

/**
 * How far edits have moved the tasks of a roadmap since their places were stored, stretch by
 * stretch: from task {@code at[i]} up to the next stretch's first task, every task moved by
 * {@code chars[i]} chars, {@code cps[i]} code points and {@code lines[i]} lines. A claim's edit
 * moves every task after it by the same amounts; a splice adds a stretch for that instead of
 * adding the amounts to the places of thousands of tasks ({@link TaskLayout}, {@link MovedTasks}).
 * When the stretches grow many, the splice writes them into the places and starts again from none.
 */
final class Shifts {

    /** No task moved. */
    static final Shifts NONE = new Shifts(new int[0], new int[0], new int[0], new int[0]);
    /** Beyond this many stretches a splice writes the shifts into the places ({@link #isLong}). */
    private static final int MOST = 32;

    private final int[] at;
    private final int[] chars;
    private final int[] cps;
    private final int[] lines;

    private Shifts(int[] at, int[] chars, int[] cps, int[] lines) {
        this.at = at;
        this.chars = chars;
        this.cps = cps;
        this.lines = lines;
    }

    /** The stretch task {@code k} is in: the last whose first task is at or before it; -1 before the first. */
    int stretchOf(int k) {
        int i = Arrays.binarySearch(at, k);
        return i >= 0 ? i : -i - 2;
    }

    int chars(int stretch) {
        return stretch < 0 ? 0 : chars[stretch];
    }

    int cps(int stretch) {
        return stretch < 0 ? 0 : cps[stretch];
    }

    int lines(int stretch) {
        return stretch < 0 ? 0 : lines[stretch];
    }

    /** The first task of the stretch after {@code stretch}, or {@link Integer#MAX_VALUE} if it is the last. */
    int nextStart(int stretch) {
        return stretch + 1 < at.length ? at[stretch + 1] : Integer.MAX_VALUE;
    }

    /** Whether there are so many stretches that the next splice should write them into the places. */
    boolean isLong() {
        return at.length > MOST;
    }

    /**
     * These shifts with {@code added}'s on top, each task moved by the sum of its two stretches:
     * what a splice that moved the tasks by {@code added} makes of the places it kept as they were
     * stored.
     */
    Shifts plus(Shifts added) {
        int[] points = new int[at.length + added.at.length];
        int count = 0;
        int i = 0;
        int j = 0;
        while (i < at.length || j < added.at.length) {
            int next = Math.min(i < at.length ? at[i] : Integer.MAX_VALUE, j < added.at.length ? added.at[j] : Integer.MAX_VALUE);
            if (i < at.length && at[i] == next) {
                i++;
            }
            if (j < added.at.length && added.at[j] == next) {
                j++;
            }
            points[count++] = next;
        }
        Builder sum = new Builder();
        for (int p = 0; p < count; p++) {
            int mine = stretchOf(points[p]);
            int theirs = added.stretchOf(points[p]);
            sum.add(points[p], chars(mine) + added.chars(theirs), cps(mine) + added.cps(theirs),
                    lines(mine) + added.lines(theirs));
        }
        return sum.build();
    }

    /**
     * Adds {@code shifts} to the places they move: their chars to each of {@code byChars}, their
     * code points to each of {@code byCps}, their lines to each of {@code byLines}.
     */
    static void writeInto(Shifts shifts, int[][] byChars, int[][] byCps, int[][] byLines) {
        for (int i = 0; i < shifts.at.length; i++) {
            int from = shifts.at[i];
            int to = i + 1 < shifts.at.length ? shifts.at[i + 1] : byCps[0].length;
            for (int[] column : byChars) {
                add(column, from, to, shifts.chars[i]);
            }
            for (int[] column : byCps) {
                add(column, from, to, shifts.cps[i]);
            }
            for (int[] column : byLines) {
                add(column, from, to, shifts.lines[i]);
            }
        }
    }

    private static void add(int[] column, int from, int to, int by) {
        for (int k = from; k < to; k++) {
            column[k] += by;
        }
    }

    /** Stretches in the order of their first tasks; a stretch that moves tasks as far as the one before adds nothing. */
    static final class Builder {
        private int[] at = new int[4];
        private int[] chars = new int[4];
        private int[] cps = new int[4];
        private int[] lines = new int[4];
        private int count;

        /** From task {@code k} on, until the next stretch, the tasks moved so far. */
        void add(int k, int byChars, int byCps, int byLines) {
            if (count > 0 && at[count - 1] == k) {
                count--; // a later word for the same task
            }
            int lastChars = count == 0 ? 0 : chars[count - 1];
            int lastCps = count == 0 ? 0 : cps[count - 1];
            int lastLines = count == 0 ? 0 : lines[count - 1];
            if (byChars == lastChars && byCps == lastCps && byLines == lastLines) {
                return;
            }
            if (count == at.length) {
                at = Arrays.copyOf(at, count * 2);
                chars = Arrays.copyOf(chars, count * 2);
                cps = Arrays.copyOf(cps, count * 2);
                lines = Arrays.copyOf(lines, count * 2);
            }
            at[count] = k;
            chars[count] = byChars;
            cps[count] = byCps;
            lines[count] = byLines;
            count++;
        }

        Shifts build() {
            return count == 0 ? NONE : new Shifts(Arrays.copyOf(at, count), Arrays.copyOf(chars, count),
                    Arrays.copyOf(cps, count), Arrays.copyOf(lines, count));
        }
    }
}
