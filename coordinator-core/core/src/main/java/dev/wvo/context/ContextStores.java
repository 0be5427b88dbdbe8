package dev.wvo.context;

import dev.wvo.fs.AtomicWrite;
import dev.wvo.lock.LockManager;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/** The context store of a state directory, as every wvo command and worker opens it. */
public final class ContextStores {

    /** How long a writer waits for the context lock; merges take milliseconds. */
    public static final Duration LOCK_TIMEOUT = Duration.ofSeconds(30);

    private ContextStores() {
    }

    /** {@code <state>/context.md}, written through the state directory's atomic write. */
    public static ContextStore of(Path stateDir, LockManager locks) {
        return new ContextStore(stateDir.resolve("context.md"), locks,
                (file, content) -> AtomicWrite.write(file, content.getBytes(StandardCharsets.UTF_8)),
                new ContextMerger(ContextMergeConfig.defaults()), LOCK_TIMEOUT);
    }
}
