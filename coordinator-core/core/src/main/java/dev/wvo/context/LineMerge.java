package dev.wvo.context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeFormatter;
import org.eclipse.jgit.merge.MergeResult;

/** Line-level three-way merge of section bodies, done by JGit as {@code git merge-file} would. */
final class LineMerge {

    /** The merged lines, with conflict markers where both sides changed the same lines. */
    record Merged(List<String> lines, boolean conflicted) {
    }

    private LineMerge() {
    }

    static Merged merge(List<String> base, List<String> ours, List<String> theirs,
                        String oursName, String theirsName) {
        MergeAlgorithm algorithm = new MergeAlgorithm(
                DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM));
        MergeResult<RawText> result = algorithm.merge(
                RawTextComparator.DEFAULT, rawText(base), rawText(ours), rawText(theirs));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new MergeFormatter().formatMerge(out, result, List.of("base", oursName, theirsName),
                    StandardCharsets.UTF_8);
        } catch (IOException inMemory) {
            throw new UncheckedIOException(inMemory);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return new Merged(ContextText.lines(text), result.containsConflicts());
    }

    private static RawText rawText(List<String> lines) {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            text.append(line).append('\n');
        }
        return new RawText(text.toString().getBytes(StandardCharsets.UTF_8));
    }
}
