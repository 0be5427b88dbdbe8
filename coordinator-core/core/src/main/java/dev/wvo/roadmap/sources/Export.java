package dev.wvo.roadmap.sources;

/**
 * A written-back source document.
 *
 * @param records how many of its records wvo changed (or wrote)
 * @param matched how many of its records the roadmap has a task of: none means the file is not one imported here
 */
public record Export(String text, int records, int matched) {
}
