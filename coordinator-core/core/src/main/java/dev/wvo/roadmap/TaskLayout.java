package dev.wvo.roadmap;

import java.util.List;
import java.util.Optional;

/**
 * Where each task's text lies in a roadmap, as {@link RoadmapSplice} needs it. A task's piece
 * starts at the beginning of its item's line ({@code <spaces>- <first key>}) and runs to the first
 * later line that belongs to something else: one that is neither blank nor a comment and is
 * indented no deeper than the item's dash. In YAML's block style every line in between belongs to
 * the item, and no line after it does; that is what lets a piece be read on its own.
 *
 * <p>All offsets are char indexes into the roadmap's text, with the same positions in code points
 * beside them (they differ after characters outside the Basic Multilingual Plane). They are kept
 * as stored places and {@link Shifts}: an edit moves every task after it, and a splice records
 * that as one stretch instead of rewriting the places of thousands of tasks.
 */
final class TaskLayout {

    /**
     * Where each task's piece starts (its item's line) and ends (exclusive), as stored: the place
     * is the stored value plus the shift of the task's stretch ({@link #shifts}); read through
     * {@link #end(int)} and the like.
     */
    private final int[] start;
    private final int[] end;
    private final int[] cpStart;
    private final int[] cpEnd;
    /** The column of each item's dash. */
    final int[] dash;
    /** How many line ends each piece holds. */
    final int[] lineEnds;
    /** How far edits moved the tasks since their places were stored. */
    final Shifts shifts;
    /** The largest dash column. */
    final int widestDash;

    TaskLayout(int[] start, int[] end, int[] cpStart, int[] cpEnd, int[] dash, int[] lineEnds) {
        this(start, end, cpStart, cpEnd, dash, lineEnds, Shifts.NONE, widest(dash));
    }

    /** A layout whose places are {@code start} (and so on) moved by {@code shifts}. */
    TaskLayout(int[] start, int[] end, int[] cpStart, int[] cpEnd, int[] dash, int[] lineEnds, Shifts shifts,
               int widestDash) {
        this.start = start;
        this.end = end;
        this.cpStart = cpStart;
        this.cpEnd = cpEnd;
        this.dash = dash;
        this.lineEnds = lineEnds;
        this.shifts = shifts;
        this.widestDash = widestDash;
    }

    private static int widest(int[] dash) {
        int widest = 0;
        for (int d : dash) {
            widest = Math.max(widest, d);
        }
        return widest;
    }

    int size() {
        return dash.length;
    }

    int start(int k) {
        return start[k] + shifts.chars(shifts.stretchOf(k));
    }

    int end(int k) {
        return end[k] + shifts.chars(shifts.stretchOf(k));
    }

    int cpStart(int k) {
        return cpStart[k] + shifts.cps(shifts.stretchOf(k));
    }

    int cpEnd(int k) {
        return cpEnd[k] + shifts.cps(shifts.stretchOf(k));
    }

    /** The places as stored, which a splice copies and changes only where it read a task again. */
    int[] storedStart() {
        return start;
    }

    int[] storedEnd() {
        return end;
    }

    int[] storedCpStart() {
        return cpStart;
    }

    int[] storedCpEnd() {
        return cpEnd;
    }

    /** The places, the shifts written into them: what the roadmap cache keeps. */
    int[][] columns() {
        int[][] columns = {start.clone(), end.clone(), cpStart.clone(), cpEnd.clone(), dash, lineEnds};
        Shifts.writeInto(shifts, new int[][] {columns[0], columns[1]}, new int[][] {columns[2], columns[3]}, new int[0][]);
        return columns;
    }

    /**
     * The layout of a roadmap read whole, checked against what the parser found: empty when a task
     * is not a mapping (block or flow) on its item's line or has a key that is no scalar (which a
     * splice does not read alone either), when the text around a task could belong to it
     * (a quoted value running onto a line left of its dash), or when the file uses anchors or line
     * breaks other than LF and CRLF. Such a
     * file is then always read whole. An entry of a task list that is not a task lies between the
     * pieces (its item's line ends the piece before it), where a splice leaves the text as it was.
     */
    static Optional<TaskLayout> of(Roadmap roadmap) {
        if (roadmap.isAnchored()) {
            return Optional.empty();
        }
        String text = roadmap.text();
        if (hasOtherLineBreaks(text)) {
            // YAML also breaks lines at a lone CR, NEL, U+2028 and U+2029 (typed by hand: wvo escapes
            // them), where pieces and their line counts go by LF: such a file is read whole
            return Optional.empty();
        }
        CodePoints cps = roadmap.codePoints();
        List<RoadmapTask> tasks = roadmap.tasks();
        int n = tasks.size();
        int[] start = new int[n];
        int[] end = new int[n];
        int[] cpStart = new int[n];
        int[] cpEnd = new int[n];
        int[] dash = new int[n];
        int[] lineEnds = new int[n];
        int previousEnd = 0;
        for (int k = 0; k < n; k++) {
            RoadmapTask task = tasks.get(k);
            TaskMarks marks = task.marks();
            if (marks.entries() == 0 || marks.hasKeyThatIsNoScalar()) {
                return Optional.empty();
            }
            int nodeStart = cps.charIndex(task.base() + marks.start());
            int lineStart = text.lastIndexOf('\n', nodeStart - 1) + 1;
            int column = itemDash(text, lineStart, nodeStart);
            if (column < 0 || lineStart < previousEnd) {
                return Optional.empty();
            }
            int pieceEnd = pieceEnd(text, lineStart, column);
            // a task in flow style ({...}) ends at its closing brace; it is rewritten in block style when edited
            int contentEnd = marks.flow() ? cps.charIndex(task.base() + marks.end()) : contentEnd(text, cps, task.base(), marks);
            if (pieceEnd < 0 || contentEnd > pieceEnd || !onlyCommentsAndBlanks(text, contentEnd, pieceEnd)) {
                return Optional.empty();
            }
            start[k] = lineStart;
            end[k] = pieceEnd;
            cpStart[k] = cps.codePointIndex(lineStart);
            cpEnd[k] = cps.codePointIndex(pieceEnd);
            dash[k] = column;
            lineEnds[k] = lineEnds(text, lineStart, pieceEnd);
            previousEnd = pieceEnd;
        }
        return Optional.of(new TaskLayout(start, end, cpStart, cpEnd, dash, lineEnds));
    }

    /**
     * The column of the dash when the line from {@code lineStart} to {@code itemStart} is exactly
     * {@code <spaces>-<spaces>}, else -1.
     */
    static int itemDash(CharSequence text, int lineStart, int itemStart) {
        int i = lineStart;
        while (i < itemStart && text.charAt(i) == ' ') {
            i++;
        }
        int column = i - lineStart;
        if (i >= itemStart || text.charAt(i) != '-' || i + 1 >= itemStart || text.charAt(i + 1) != ' ') {
            return -1;
        }
        for (i += 1; i < itemStart; i++) {
            if (text.charAt(i) != ' ') {
                return -1;
            }
        }
        return column;
    }

    /**
     * Where the piece of an item whose dash is at {@code dash} ends: the start of the first line
     * after the item's own that is neither blank nor a comment and is indented no deeper than the
     * dash; the text's end if there is none. -1 if a tab stands where the indentation decides
     * (YAML forbids tabs there; the whole-file parse tells what it makes of them).
     */
    static int pieceEnd(CharSequence text, int lineStart, int dash) {
        int next = AsciiText.indexOf(text, '\n', lineStart);
        int length = text.length();
        for (int i = next < 0 ? length : next + 1; i < length; ) {
            int j = i;
            while (j < length && text.charAt(j) == ' ') {
                j++;
            }
            if (j == length) {
                return length;
            }
            char c = text.charAt(j);
            boolean blank = c == '\n' || c == '\r';
            if (!blank && c != '#' && j - i <= dash) {
                return c == '\t' ? -1 : i;
            }
            int lineEnd = AsciiText.indexOf(text, '\n', j);
            i = lineEnd < 0 ? length : lineEnd + 1;
        }
        return length;
    }

    /** Whether a piece whose dash is at {@code dash} cannot go on at {@code at}: the text ends there or a line that belongs to something else starts. */
    static boolean endsPiece(CharSequence text, int at, int dash) {
        if (at == text.length()) {
            return true;
        }
        if (at == 0 || text.charAt(at - 1) != '\n') {
            return false;
        }
        int j = at;
        while (j < text.length() && text.charAt(j) == ' ') {
            j++;
        }
        if (j == text.length()) {
            return false;
        }
        char c = text.charAt(j);
        return c != '\n' && c != '\r' && c != '#' && c != '\t' && j - at <= dash;
    }

    /** Where the task's last value ends (block values' end marks reach into the next line: back up over whitespace). */
    private static int contentEnd(String text, CodePoints cps, int base, TaskMarks marks) {
        int last = marks.entries() - 1;
        int end = cps.charIndex(base + marks.valueEnd(last));
        if ((marks.flags(last) & TaskMarks.BLOCK_END) == 0) {
            return end;
        }
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }

    /**
     * True if {@code text[from, to)}, from where a task's content ends, holds only the rest of a
     * line (spaces, a comment) and blank or comment lines.
     */
    private static boolean onlyCommentsAndBlanks(String text, int from, int to) {
        boolean inComment = false;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                inComment = false;
            } else if (c == '#' && (i == from || Character.isWhitespace(text.charAt(i - 1)))) {
                // right after the task's content ends ({...}#x, "done"#x) a # can only be a comment:
                // the parser ended the content there
                inComment = true;
            } else if (!inComment && c != ' ' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code text} has a line break other than LF and CRLF (a lone CR, NEL, U+2028 or
     * U+2029): YAML counts them as line breaks, {@link #lineEnds} and {@link #pieceEnd} do not.
     */
    static boolean hasOtherLineBreaks(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r' ? i + 1 == text.length() || text.charAt(i + 1) != '\n' : c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    static int lineEnds(CharSequence text, int from, int to) {
        int count = 0;
        for (int i = AsciiText.indexOf(text, '\n', from); i >= 0 && i < to; i = AsciiText.indexOf(text, '\n', i + 1)) {
            count++;
        }
        return count;
    }
}
