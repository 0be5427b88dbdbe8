package dev.wvo.roadmap.sources;

/** A written-back source document and how many of its records wvo changed (or wrote). */
public record Export(String text, int records) {
}
