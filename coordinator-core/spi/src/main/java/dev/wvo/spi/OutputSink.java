package dev.wvo.spi;

/**
 * Receives an agent's output as it comes, one line at a time. wvo writes it to the attempt's
 * artifacts and the worker's terminal, and counts each line as a sign of life for stall detection.
 */
@FunctionalInterface
public interface OutputSink {

    /** @param line one line of output, without its line terminator */
    void line(String line);

    /**
     * One line of the CLI's standard error: progress chatter and diagnostics. wvo keeps it in the
     * attempt's log, marked as such, and out of the worker's terminal and the task's summary.
     */
    default void errorLine(String line) {
        line(line);
    }
}
