package dev.wvo.events;

import java.nio.file.Path;

/**
 * A line of the event log that is not an event: skipped, and reported so a user can look at it.
 *
 * @param file       the log
 * @param lineNumber the line's number, counting from 1
 * @param problem    what is wrong with it
 * @param excerpt    the start of the line, for the message (empty if not worth showing)
 */
public record UnreadableLine(Path file, long lineNumber, String problem, String excerpt) {

    private static final int EXCERPT_LENGTH = 80;

    static UnreadableLine of(Path file, long lineNumber, String problem, String line) {
        String excerpt = line.length() <= EXCERPT_LENGTH ? line : line.substring(0, EXCERPT_LENGTH) + "...";
        return new UnreadableLine(file, lineNumber, problem, excerpt);
    }

    /** A message a user can act on: {@code state/events.jsonl:12: skipped, not JSON (...): "{\"ti"}. */
    public String describe() {
        String where = file + ":" + lineNumber + ": skipped, " + problem;
        return excerpt.isEmpty() ? where : where + ": " + excerpt;
    }
}
