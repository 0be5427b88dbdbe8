package dev.wvo.context;

import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.LockedStore;
import dev.wvo.fs.UnreadableStateFileException;
import dev.wvo.lock.LockLostException;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockTimeoutException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The shared context file ({@code state/context.md}). Every change is a merge done in a
 * {@link LockedStore} transaction under the exclusive {@value #LOCK_RESOURCE} lock: read the
 * current file, merge, write the result whole. Nothing is ever overwritten blindly, so two agents
 * that edited the same starting copy both keep their changes.
 *
 * <p>Reads take no lock: writes replace the file whole, so a read is always of one version.
 */
public final class ContextStore {

    /** The lock resource that guards the context file. */
    public static final String LOCK_RESOURCE = "context";

    /** The update-log section that {@code wvo context add} writes to when none is named. */
    public static final String DEFAULT_LOG_SECTION = "Recent Activity";

    private final Path file;
    private final LockedStore store;
    private final ContextMerger merger;

    /**
     * @param file        the context file; it need not exist yet
     * @param locks       where the {@value #LOCK_RESOURCE} lock is taken
     * @param merger      the merge rules
     * @param lockTimeout how long to wait for the lock before giving up
     */
    public ContextStore(Path file, LockManager locks, ContextMerger merger, Duration lockTimeout) {
        this.file = Objects.requireNonNull(file, "file");
        this.store = LockedStore.builder(file, locks, LOCK_RESOURCE).timeout(lockTimeout).build();
        this.merger = Objects.requireNonNull(merger, "merger");
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
        return text(LockedStore.read(file));
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
        return store.update(bytes -> {
            String current = text(bytes);
            return change(current, merger.mergeUpdate(update.base(), current, update.edited()));
        });
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
        return store.update(bytes -> {
            String current = text(bytes);
            return change(current, merger.addEntry(current, section, text, clock.instant()));
        });
    }

    private String text(byte[] bytes) throws UnreadableStateFileException {
        return bytes == null ? "" : BoundedRead.decode(file, bytes);
    }

    /** The merge's text written when it differs from the current one. */
    private static LockedStore.Change<MergeResult> change(String current, MergeResult result) {
        return result.text().equals(current) ? LockedStore.Change.none(result)
                : LockedStore.Change.write(result, result.text().getBytes(StandardCharsets.UTF_8));
    }
}
