package dev.wvo.context;

import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.LockedFile;
import dev.wvo.fs.UnreadableStateFileException;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockLostException;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The shared context file ({@code state/context.md}). Every change is a merge done under the
 * exclusive {@value #LOCK_RESOURCE} lock: read the current file, merge, write the result whole.
 * Nothing is ever overwritten blindly, so two agents that edited the same starting copy both
 * keep their changes.
 *
 * <p>Reads take no lock: writes replace the file whole ({@link LockedFile}), so a read is always of one version.
 */
public final class ContextStore {

    /** The lock resource that guards the context file. */
    public static final String LOCK_RESOURCE = "context";

    /** The update-log section that {@code wvo context add} writes to when none is named. */
    public static final String DEFAULT_LOG_SECTION = "Recent Activity";

    private final Path file;
    private final LockManager locks;
    private final ContextMerger merger;
    private final Duration lockTimeout;

    /**
     * @param file        the context file; it need not exist yet
     * @param locks       where the {@value #LOCK_RESOURCE} lock is taken
     * @param merger      the merge rules
     * @param lockTimeout how long to wait for the lock before giving up
     */
    public ContextStore(Path file, LockManager locks, ContextMerger merger, Duration lockTimeout) {
        this.file = Objects.requireNonNull(file, "file");
        this.locks = Objects.requireNonNull(locks, "locks");
        this.merger = Objects.requireNonNull(merger, "merger");
        this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
    }

    public Path file() {
        return file;
    }

    /**
     * The file's text as it is now, or the empty string if it does not exist.
     *
     * @throws UnreadableStateFileException if it is not UTF-8 text, larger than a document can be, or not a file
     */
    public String read() throws IOException {
        try {
            return BoundedRead.utf8(file, BoundedRead.DOCUMENT);
        } catch (NoSuchFileException absent) {
            return "";
        }
    }

    /** The file parsed into canonical sections (what {@code wvo context show} prints). */
    public ContextDocument readDocument() throws IOException {
        return merger.parse(read());
    }

    /**
     * Merges an agent's edited copy into the file, three-way against the copy it started from,
     * and writes the result. Conflicting sections are written with conflict markers and listed
     * in the result.
     *
     * @throws LockTimeoutException if the lock was not free within the timeout; nothing was written
     * @throws LockLostException    if the lock was lost before writing; nothing was written
     */
    public MergeResult apply(ContextUpdate update)
            throws IOException, LockTimeoutException, InterruptedException {
        Objects.requireNonNull(update, "update");
        try (LockHandle lock = locks.acquire(LOCK_RESOURCE, LockMode.EXCLUSIVE, lockTimeout)) {
            LockedFile context = LockedFile.claim(lock, file);
            String current = read();
            MergeResult result = merger.mergeUpdate(update.base(), current, update.edited());
            writeIfChanged(context, current, result.text());
            return result;
        }
    }

    /**
     * Adds an entry stamped with {@code clock}'s current instant to an update-log section.
     *
     * @throws IllegalArgumentException if the section is not an update-log section or text is blank
     * @throws LockTimeoutException     if the lock was not free within the timeout
     */
    public MergeResult addEntry(String section, String text, Clock clock)
            throws IOException, LockTimeoutException, InterruptedException {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(text, "text");
        try (LockHandle lock = locks.acquire(LOCK_RESOURCE, LockMode.EXCLUSIVE, lockTimeout)) {
            LockedFile context = LockedFile.claim(lock, file);
            String current = read();
            MergeResult result = merger.addEntry(current, section, text, clock.instant());
            writeIfChanged(context, current, result.text());
            return result;
        }
    }

    private static void writeIfChanged(LockedFile context, String current, String merged) throws IOException {
        if (!merged.equals(current)) {
            context.write(merged.getBytes(StandardCharsets.UTF_8));
        }
    }
}
