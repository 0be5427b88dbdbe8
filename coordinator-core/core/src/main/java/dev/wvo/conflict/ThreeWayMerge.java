package dev.wvo.conflict;

import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

import java.util.ArrayList;
import java.util.List;

/**
 * A three-way merge of two versions over their common base with JGit's {@link MergeAlgorithm},
 * read into what the detector needs: the merged text (conflicting ranges taken from both sides,
 * left first, which is the union), and the conflicts with their line ranges.
 */
final class ThreeWayMerge {

    private static final MergeAlgorithm MERGE = new MergeAlgorithm(TextVersions.HISTOGRAM);

    private final byte[] merged;
    private final List<Clash> clashes;

    private ThreeWayMerge(byte[] merged, List<Clash> clashes) {
        this.merged = merged;
        this.clashes = List.copyOf(clashes);
    }

    static ThreeWayMerge of(RawText base, RawText left, RawText right) {
        MergeResult<RawText> result = MERGE.merge(TextVersions.LINES, base, left, right);
        List<RawText> sequences = result.getSequences();
        TextVersions.Writer writer = new TextVersions.Writer();
        List<Clash> clashes = new ArrayList<>();
        MergeChunk leftChunk = null;
        MergeChunk baseChunk = null;
        for (MergeChunk chunk : result) {
            switch (chunk.getConflictState()) {
                case NO_CONFLICT -> writer.lines(sequences.get(chunk.getSequenceIndex()), chunk.getBegin(), chunk.getEnd());
                case FIRST_CONFLICTING_RANGE -> {
                    leftChunk = chunk;
                    writer.lines(left, chunk.getBegin(), chunk.getEnd());
                }
                case BASE_CONFLICTING_RANGE -> baseChunk = chunk;
                case NEXT_CONFLICTING_RANGE -> {
                    writer.lines(right, chunk.getBegin(), chunk.getEnd());
                    clashes.add(new Clash(range(baseChunk), range(leftChunk), range(chunk)));
                    leftChunk = null;
                    baseChunk = null;
                }
            }
        }
        return new ThreeWayMerge(writer.toByteArray(), clashes);
    }

    /** True if the two sides' changes did not overlap. */
    boolean isClean() {
        return clashes.isEmpty();
    }

    /** The merged text; where changes overlap, both sides' lines, left first. */
    byte[] merged() {
        return merged;
    }

    /** The overlapping changes. */
    List<Clash> clashes() {
        return clashes;
    }

    /** True if every clash is two insertions at the same place: nothing of the base was changed by both. */
    boolean onlyInsertionsClash() {
        return clashes.stream().allMatch(c -> c.base().count() == 0);
    }

    private static LineRange range(MergeChunk chunk) {
        return chunk == null ? new LineRange(1, 0) : LineRange.ofIndexes(chunk.getBegin(), chunk.getEnd());
    }

    /** One overlapping change: the base lines and each side's lines. */
    record Clash(LineRange base, LineRange left, LineRange right) {
    }
}
