package dev.wvo.cli.agents;

/**
 * The token counts the scripted API reports for each reply it renders (the CLIs add them up and
 * claude prices them).
 */
public record TokenUsage(long input, long output, long cacheRead, long cacheWrite) {

    /** What each reply reports unless a test sets another. */
    public static final TokenUsage DEFAULT = new TokenUsage(1200, 80, 300, 100);
}
