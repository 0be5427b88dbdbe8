package dev.wvo.roadmap;

/**
 * A write under a lock that is no longer held: its fencing token is older than one the store has
 * already accepted, or the handle has lost its lock. The file was not touched.
 */
public class StaleTokenException extends IllegalStateException {
    public StaleTokenException(String message) {
        super(message);
    }
}
