package dev.wvo.cli;

import dev.wvo.cli.render.DurationText;
import dev.wvo.fs.UnreadableStateFileException;
import dev.wvo.lock.GuardBusyException;
import dev.wvo.lock.LockException;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.roadmap.RoadmapChangeRefused;
import dev.wvo.roadmap.RoadmapException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a failure means to the person who ran the command: the one line to print and the exit
 * status, for every failure they can do something about, wherever in the command it arose. A
 * failure that is none of these is a bug of wvo, printed as such.
 */
final class UserErrors {

    /** One line for stderr (without the {@code wvo: } prefix) and the exit status. */
    record Explained(int exitCode, String message) {
    }

    private UserErrors() {
    }

    /** The failure explained, or empty if it is not one a user can fix (a bug). */
    static Optional<Explained> explain(Throwable failure, Clock clock) {
        if (failure instanceof CommandFailure f) {
            return Optional.of(new Explained(f.exitCode(), f.getMessage()));
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LockTimeoutException busy) {
                return Optional.of(new Explained(ExitCodes.LOCK_NOT_ACQUIRED, busy(busy, clock)));
            }
            if (t instanceof GuardBusyException stuck) {
                // its message names the stopped process and what to do; waiting for it is what helps
                return Optional.of(new Explained(ExitCodes.LOCK_NOT_ACQUIRED, stuck.getMessage()));
            }
            if (t instanceof RoadmapChangeRefused refused) {
                // before its cause, a RoadmapException of the text the change would have written
                return Optional.of(new Explained(ExitCodes.FAILURE, refused.getMessage()));
            }
            if (t instanceof LockException || t instanceof RoadmapException || t instanceof UnreadableStateFileException) {
                // their messages name the file or lock and say what to do
                return Optional.of(new Explained(ExitCodes.FAILURE, t.getMessage() + advice(failure)));
            }
            if (t instanceof IOException) {
                String what = failure instanceof UncheckedIOException ? failure.getMessage() : t.getMessage();
                return Optional.of(new Explained(ExitCodes.FAILURE, what + advice(failure)));
            }
        }
        return Optional.empty();
    }

    /** A lock another process holds for longer than the command waits: who, since when, and what works. */
    private static String busy(LockTimeoutException e, Clock clock) {
        String resource = e.resource();
        String holders = e.holders().isEmpty() ? "a process that released it meanwhile"
                : e.holders().stream().map(h -> h.describe() + " for " + DurationText.format(
                        Duration.between(h.acquiredAt(), clock.instant()))).collect(Collectors.joining(", "));
        // A holder that died, or stopped renewing, is taken over by the waiting command itself: one
        // that made it wait this long is alive, so a plain `wvo lock break` would refuse.
        return "lock '" + resource + "' is held by " + holders + "; nothing was changed. Run the command again once "
                + "it is done ('wvo lock list' shows it). That holder is alive: if it is stuck, stop it, or take the "
                + "lock from it with 'wvo lock break --force " + resource + "'";
    }

    /** For the usual causes of a file-system failure anywhere in the chain, what to do; else nothing. */
    private static String advice(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String reason = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
            if (t instanceof IOException && reason != null
                    && (reason.contains("No space left on device") || reason.contains("Disk quota exceeded"))) {
                return ". The disk is full: free space on it and run the command again; nothing was changed";
            }
            if (t instanceof AccessDeniedException) {
                return ". Permission denied: give this user write access to the state directory, or run wvo as the "
                        + "user that owns it";
            }
        }
        return "";
    }
}
