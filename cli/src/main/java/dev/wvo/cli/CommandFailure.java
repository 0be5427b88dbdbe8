package dev.wvo.cli;

/**
 * A failure the user can act on: its message is printed as one line to stderr, without a stack
 * trace, and the command ends with {@link #exitCode()}. The message says what went wrong, where,
 * and what to do.
 */
public final class CommandFailure extends RuntimeException {

    private final int exitCode;

    public CommandFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CommandFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
