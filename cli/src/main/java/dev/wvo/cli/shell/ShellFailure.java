package dev.wvo.cli.shell;

/** A command of the shell that cannot be done; its message is the one line the shell prints. */
public final class ShellFailure extends RuntimeException {

    ShellFailure(String message) {
        super(message);
    }
}
