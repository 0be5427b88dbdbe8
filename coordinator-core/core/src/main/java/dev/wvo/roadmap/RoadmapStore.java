package dev.wvo.roadmap;

import dev.wvo.fs.LockedFile;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockLostException;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiFunction;

/**
 * The roadmap file with transactions: {@link #update} takes the roadmap lock, claims the file
 * ({@link LockedFile}), reads it, applies a change, checks the result still parses, and writes it
 * (keeping the previous version as {@code roadmap.yaml.bak}). Two processes therefore never lose
 * each other's update, and a holder that lost its lock while paused cannot write over a newer
 * state: its write fails with {@link LockLostException} and changes nothing.
 */
public final class RoadmapStore {

    /** The lock resource that serializes roadmap writers. */
    public static final String LOCK = "roadmap";
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(1);

    private final Path file;
    private final LockManager locks;

    /**
     * @param file  the roadmap file
     * @param locks the lock manager of the state directory
     */
    public RoadmapStore(Path file, LockManager locks) {
        this.file = file;
        this.locks = locks;
    }

    public Path file() {
        return file;
    }

    /** Reads the roadmap without taking the lock: files are replaced whole, so a read is always of one version. */
    public Roadmap read() {
        return RoadmapReader.read(file);
    }

    /**
     * Runs a change as one transaction. {@code change} gets the current roadmap and an editor;
     * what it sets in the editor is written when it returns (nothing is written if it sets nothing).
     *
     * @throws RoadmapException  if the file cannot be read
     * @throws LockLostException if the lock was lost before the write; nothing was written
     */
    public <T> T update(BiFunction<Roadmap, RoadmapEditor, T> change) {
        try (LockHandle lock = locks.acquire(LOCK, LockMode.EXCLUSIVE, LOCK_TIMEOUT)) {
            LockedFile roadmap = LockedFile.claim(lock, file);
            Roadmap current = RoadmapReader.read(file);
            RoadmapEditor editor = new RoadmapEditor(current);
            T result = change.apply(current, editor);
            if (editor.hasChanges()) {
                String text = editor.apply();
                // never write what we could not read back
                RoadmapReader.parse(file, text);
                roadmap.writeKeepingBackup(text.getBytes(StandardCharsets.UTF_8));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } catch (LockTimeoutException e) {
            throw new IllegalStateException("The roadmap is locked: " + e.getMessage()
                    + ". If that holder is gone, `wvo lock break roadmap` frees it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the roadmap lock", e);
        }
    }
}
