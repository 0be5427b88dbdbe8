package dev.wvo.context;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a merge.
 *
 * @param text                the merged document, in canonical form
 * @param conflictedSections  headings of the sections that hold conflict markers, in document
 *                            order; {@link #PREAMBLE} stands for the text before the first heading
 */
public record MergeResult(String text, List<String> conflictedSections) {

    /** The name reported when the text before the first heading conflicts. */
    public static final String PREAMBLE = "(text before the first heading)";

    public MergeResult {
        Objects.requireNonNull(text, "text");
        conflictedSections = List.copyOf(conflictedSections);
    }

    public boolean hasConflicts() {
        return !conflictedSections.isEmpty();
    }
}
