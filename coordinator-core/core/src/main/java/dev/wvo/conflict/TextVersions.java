package dev.wvo.conflict;

import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.BitSet;

/**
 * Line-level comparisons of versions of one file, on JGit's {@link RawText}: lines are compared
 * byte for byte including their line end, so a version that only adds a final line end differs.
 */
final class TextVersions {

    static final RawTextComparator LINES = RawTextComparator.DEFAULT;
    static final DiffAlgorithm HISTOGRAM = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);

    private TextVersions() {
    }

    /**
     * True if {@code outer} contains {@code inner}: every line of {@code inner} appears in
     * {@code outer} in the same order (inner's lines are a subsequence of outer's), and, when the
     * base is known, {@code outer} also drops every base line that {@code inner} dropped. The
     * second half keeps a version that only looks bigger from undoing another's deletions.
     */
    static boolean contains(RawText outer, RawText inner, RawText base) {
        if (!isSubsequence(inner, outer)) {
            return false;
        }
        if (base == null) {
            return true;
        }
        BitSet droppedByInner = dropped(base, inner);
        droppedByInner.andNot(dropped(base, outer));
        return droppedByInner.isEmpty();
    }

    /** The edits turning {@code from} into {@code to}. */
    static EditList diff(RawText from, RawText to) {
        return HISTOGRAM.diff(LINES, from, to);
    }

    /*
     * Greedy matching is exact for the subsequence question: taking the earliest match for each
     * line never rules out a later match that another choice would have allowed.
     */
    private static boolean isSubsequence(RawText inner, RawText outer) {
        int i = 0;
        for (int o = 0; o < outer.size() && i < inner.size(); o++) {
            if (LINES.equals(inner, i, outer, o)) {
                i++;
            }
        }
        return i == inner.size();
    }

    /** The base lines (0-based) that {@code version} deleted or replaced. */
    private static BitSet dropped(RawText base, RawText version) {
        BitSet lines = new BitSet(base.size());
        for (Edit edit : diff(base, version)) {
            lines.set(edit.getBeginA(), edit.getEndA());
        }
        return lines;
    }

    /** Collects lines of several texts into one, restoring each line's end as its source had it. */
    static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private boolean lastLacksLineEnd;

        void lines(RawText text, int begin, int end) {
            try {
                for (int i = begin; i < end; i++) {
                    text.writeLine(out, i);
                    out.write('\n');
                    lastLacksLineEnd = i == text.size() - 1 && text.isMissingNewlineAtEnd();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] toByteArray() {
            byte[] bytes = out.toByteArray();
            if (lastLacksLineEnd && bytes.length > 0) {
                return Arrays.copyOf(bytes, bytes.length - 1);
            }
            return bytes;
        }
    }
}
