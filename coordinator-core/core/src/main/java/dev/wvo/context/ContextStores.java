package dev.wvo.context;

import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;

import java.nio.file.Path;
import java.time.Duration;

/** The context store of a state directory, as every wvo command and worker opens it. */
public final class ContextStores {

    /** How long a writer waits for the context lock; merges take milliseconds. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private ContextStores() {
    }

    /** {@code <state>/context.md}. */
    public static ContextStore of(Path stateDir, LockManager locks) {
        return new ContextStore(new StateDir(stateDir).context(), locks, new ContextMerger(ContextMergeConfig.defaults()),
                LOCK_TIMEOUT);
    }
}
