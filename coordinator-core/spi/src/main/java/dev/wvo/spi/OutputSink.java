package dev.wvo.spi;

/**
 * Receives an agent's output as it comes, one line at a time. wvo writes it to the attempt's
 * artifacts and the worker's terminal, and counts each line as a sign of life for stall detection.
 */
@FunctionalInterface
public interface OutputSink {

    /** @param line one line of output, without its line terminator */
    void line(String line);
}
