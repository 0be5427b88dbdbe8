package dev.wvo.cli;

import dev.wvo.cli.render.TerminalText;
import dev.wvo.lock.BreakResult;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells the user of lock events as one-line notes on stderr: always when a held lock is lost,
 * since the command then runs unprotected; reclaims of stale holders and removed debris only
 * with {@code --verbose}. Breaks are reported by {@code lock break} itself.
 */
final class StderrLockListener implements LockListener {

    private final PrintWriter err;
    private final boolean verbose;
    private final Set<Long> lostReported = ConcurrentHashMap.newKeySet();

    StderrLockListener(PrintWriter err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    @Override
    public void staleHolderRemoved(String resource, HolderInfo holder) {
        if (verbose) {
            note("reclaimed lock '" + resource + "' from stale holder " + holder.describe() + ": "
                    + holder.staleness().name().toLowerCase(Locale.ROOT).replace('_', ' '));
        }
    }

    @Override
    public void garbageRemoved(String resource, String problem) {
        if (verbose) {
            note("removed an unreadable lock file for '" + resource + "' (" + problem + "); it was never a live lock");
        }
    }

    @Override
    public void lockBroken(String resource, BreakResult result, boolean forced) {
        // `wvo lock break` reports what it broke in its own words
    }

    @Override
    public void lockLost(String resource, long token, String why) {
        if (lostReported.add(token)) {
            note("lost lock '" + resource + "' (token " + token + "): " + why
                    + "; the command is no longer protected by it");
        }
    }

    @Override
    public void releaseOfLostLock(String resource, long token) {
        if (lostReported.add(token)) {
            note("lock '" + resource + "' (token " + token + ") was no longer held at release: "
                    + "it was broken or its lease expired while the command ran");
        }
    }

    private void note(String message) {
        synchronized (err) {
            err.println("wvo: " + TerminalText.line(message)); // lock names and owners are anyone's text
            err.flush();
        }
    }
}
