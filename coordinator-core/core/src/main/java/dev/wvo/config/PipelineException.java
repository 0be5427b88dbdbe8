package dev.wvo.config;

/**
 * A task's pipeline cannot be run as written: an unknown pipeline or stage, a stage listed
 * twice, a {@code stage:} outside the pipeline. The message names the roadmap file and line of
 * the task and what to do; the worker blocks the task with it.
 */
public final class PipelineException extends IllegalArgumentException {
    public PipelineException(String message) {
        super(message);
    }
}
