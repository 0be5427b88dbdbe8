package dev.wvo.cli;

/**
 * Every exit status of {@code wvo}, in one place (also listed in {@code docs/cli.md}). The values
 * follow shell and {@code sysexits.h} conventions so that scripts can tell the cases apart.
 */
public final class ExitCodes {

    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command failed: an error the message explains, or a refusal such as breaking a live lock. */
    public static final int FAILURE = 1;
    /** The command line was wrong: unknown option, missing or malformed argument. */
    public static final int USAGE = 2;
    /** The lock was not acquired within {@code --timeout} ({@code EX_TEMPFAIL}: try again later). */
    public static final int LOCK_NOT_ACQUIRED = 75;
    /** {@code lock exec}: COMMAND exists but cannot be executed, as a shell reports it. */
    public static final int COMMAND_NOT_EXECUTABLE = 126;
    /** {@code lock exec}: COMMAND was not found, as a shell reports it. */
    public static final int COMMAND_NOT_FOUND = 127;
    /**
     * Killed by a signal: 128 plus the signal number, as a shell reports it. {@code wvo} itself
     * ends with 130 on Ctrl-C (SIGINT) and 143 on SIGTERM, except {@code events --follow}, whose
     * normal end is Ctrl-C (0); {@code lock exec} passes on the
     * same value when COMMAND was killed by a signal.
     */
    public static final int SIGNAL_BASE = 128;

    private ExitCodes() {
    }
}
