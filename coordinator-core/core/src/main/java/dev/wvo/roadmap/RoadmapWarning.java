package dev.wvo.roadmap;

/**
 * A problem of one entry that real roadmaps do have: the file still loads, and the entry is not
 * run until it is fixed.
 *
 * @param taskId  the entry's id (null when it has none)
 * @param line    1-based line of the entry
 * @param message what is wrong and what to do
 */
public record RoadmapWarning(String taskId, int line, String message) {

    @Override
    public String toString() {
        return "line " + line + ": " + message;
    }
}
