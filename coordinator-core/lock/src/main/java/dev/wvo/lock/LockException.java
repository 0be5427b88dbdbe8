package dev.wvo.lock;

/**
 * The lock store failed in a way the caller cannot fix by waiting: the lock directory cannot be
 * created or written, the file system refuses a step of the protocol. The message names the path.
 */
public class LockException extends RuntimeException {

    public LockException(String message, Throwable cause) {
        super(message, cause);
    }

    public LockException(String message) {
        super(message);
    }
}
