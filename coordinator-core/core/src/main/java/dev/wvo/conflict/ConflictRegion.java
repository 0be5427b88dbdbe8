package dev.wvo.conflict;

import java.util.Objects;

/**
 * Where two attempts' versions of a file clash.
 *
 * @param left       one attempt
 * @param right      the other attempt
 * @param base       the lines of the common base both changed, or null if no base is known
 * @param leftLines  the clashing lines in {@code left}'s version
 * @param rightLines the clashing lines in {@code right}'s version
 */
public record ConflictRegion(AttemptId left, AttemptId right, LineRange base, LineRange leftLines,
                             LineRange rightLines) {

    public ConflictRegion {
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
        Objects.requireNonNull(leftLines, "leftLines");
        Objects.requireNonNull(rightLines, "rightLines");
    }

    /** {@code base lines 3-4: T-1#1 lines 3-5, T-2#1 line 3}. */
    @Override
    public String toString() {
        String where = base == null ? "differ" : "base " + base;
        return where + ": " + left + " " + leftLines + ", " + right + " " + rightLines;
    }
}
