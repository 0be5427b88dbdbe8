package dev.wvo.roadmap.sources;

import java.nio.file.Path;

/**
 * A record of a source file that cannot be imported, or the file itself: where it is and what to do.
 *
 * @param line   1-based line where the record starts (1 for the file as a whole)
 * @param column 1-based column of the problem within the line, or 0 when the whole record is meant
 */
public record SourceProblem(Path file, int line, int column, String message) {

    /** A problem with a whole record. */
    public SourceProblem(Path file, int line, String message) {
        this(file, line, 0, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + (column > 0 ? ":" + column : "") + ": " + message;
    }
}
