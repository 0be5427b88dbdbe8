package dev.wvo.lock;

/**
 * A holder found, before acting, that its lock has passed on: released by someone else, broken,
 * or taken over after its lease ran out while the process was paused. Nothing was done under
 * the lost lock; running the operation again takes the lock anew.
 */
public class LockLostException extends LockException {

    private final String resource;
    private final long token;

    public LockLostException(LockHandle lock, String what) {
        super("Lost the '" + lock.resource() + "' lock (token " + lock.token() + ") before " + what
                + ": it was broken, or taken over after its lease ran out while this process was paused or "
                + "stuck; nothing was written. Run the command again.");
        this.resource = lock.resource();
        this.token = lock.token();
    }

    public String resource() {
        return resource;
    }

    public long token() {
        return token;
    }
}
