package dev.wvo.roadmap.sources;

import java.nio.file.Path;

/**
 * A record of a source file that cannot be imported, or the file itself: where it is and what to do.
 *
 * @param line 1-based line where the record starts (1 for the file as a whole)
 */
public record SourceProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
