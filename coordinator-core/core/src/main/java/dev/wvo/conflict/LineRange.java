package dev.wvo.conflict;

/**
 * Lines of one version of a file.
 *
 * @param first the first line, counting from 1; for an empty range, the line before which it sits
 * @param count how many lines (0 for an insertion point)
 */
public record LineRange(int first, int count) {

    public LineRange {
        if (first < 1 || count < 0) {
            throw new IllegalArgumentException("Bad line range: first " + first + ", count " + count);
        }
    }

    /** The range of the 0-based, end-exclusive line indexes {@code [begin, end)}. */
    static LineRange ofIndexes(int begin, int end) {
        return new LineRange(begin + 1, end - begin);
    }

    /** The last line, or {@code first - 1} for an empty range. */
    public int last() {
        return first + count - 1;
    }

    /** {@code lines 3-5}, {@code line 3}, or {@code before line 3} for an insertion point. */
    @Override
    public String toString() {
        if (count == 0) {
            return "before line " + first;
        }
        return count == 1 ? "line " + first : "lines " + first + "-" + last();
    }
}
