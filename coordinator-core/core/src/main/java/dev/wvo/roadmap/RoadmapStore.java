package dev.wvo.roadmap;

import dev.wvo.fs.AtomicWrite;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The roadmap file with transactions: {@link #update} takes the roadmap lock, reads the file,
 * applies a change, checks the result still parses, and writes it atomically (keeping the
 * previous version as {@code roadmap.yaml.bak}) — only if the lock's fencing token is at least
 * the largest one this store has accepted. Two processes therefore never lose each other's
 * update, and a holder that lost its lock while paused cannot write over a newer state.
 *
 * <p>A transaction parses at most once, however big the roadmap. The store keeps the roadmap it
 * last read or wrote with the file's {@link FileIdentity}; under the lock, a file that is provably
 * the same (same accepted token, inode, size and modification time) is not read again, and a file
 * that another writer changed is read from the kept roadmap by parsing only the tasks whose text
 * changed ({@link RoadmapSplice}), falling back to a whole parse. The check that the new text
 * still parses is that same splice of the edited tasks, and its result is kept for the next
 * transaction.
 */
public final class RoadmapStore {

    /** The lock resource that serializes roadmap writers. */
    public static final String LOCK = "roadmap";
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(1);

    private final Path file;
    private final LockManager locks;
    private final Path fence;
    /** The roadmap this store last read or wrote under the lock, and the file's identity then; null before the first. */
    private volatile Kept kept;

    /**
     * @param file     the roadmap file
     * @param locks    the lock manager of the state directory
     * @param fenceDir where the largest accepted token is kept (the state's {@code locks/} directory:
     *                 runtime data that does not belong in git)
     */
    public RoadmapStore(Path file, LockManager locks, Path fenceDir) {
        this.file = file;
        this.locks = locks;
        // Tokens of different lock stores are not comparable: after a switch of backend (files to
        // ZooKeeper) the new store's tokens start low again. So the fence is kept per store; the
        // file backend's keeps the plain name.
        String scope = locks.tokenScope();
        this.fence = fenceDir.resolve(file.getFileName() + (scope.startsWith("file:") ? "" : "." + shortHash(scope)) + ".fence");
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
     * @throws RoadmapException    if the file cannot be read
     * @throws StaleTokenException if the lock was lost before the write
     */
    public <T> T update(BiFunction<Roadmap, RoadmapEditor, T> change) {
        try (LockHandle lock = locks.acquire(LOCK, LockMode.EXCLUSIVE, LOCK_TIMEOUT)) {
            Roadmap current = readLocked();
            RoadmapEditor editor = new RoadmapEditor(current);
            T result = change.apply(current, editor);
            if (editor.hasChanges()) {
                String text = editor.apply();
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                // never write what we could not read back: the edited tasks are read again from the new text
                Roadmap written = RoadmapSplice.apply(current, text, bytes)
                        .orElseGet(() -> RoadmapReader.parse(file, text).withUtf8(bytes));
                kept = null; // until the write is known to have happened
                write(lock, bytes);
                kept = keep(written, lock.token());
            }
            return result;
        } catch (LockTimeoutException e) {
            throw new IllegalStateException("The roadmap is locked: " + e.getMessage()
                    + ". If that holder is gone, `wvo lock break roadmap` frees it.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the roadmap lock", e);
        }
    }

    /**
     * The roadmap as the file holds it now, read under the lock: the kept one if the file is
     * provably the one kept; else read, from the kept one by a splice when that proves the same.
     */
    private Roadmap readLocked() {
        FileIdentity now;
        try {
            now = FileIdentity.of(file, acceptedToken());
        } catch (java.nio.file.NoSuchFileException e) {
            return RoadmapReader.read(file); // it says what to do about a missing roadmap
        } catch (IOException e) {
            throw new RoadmapException(file, 1, 1, "cannot read: " + e.getMessage());
        }
        Kept before = kept;
        if (before != null && before.identity().provesSame(now)) {
            return before.roadmap();
        }
        byte[] bytes = RoadmapReader.readBytes(file);
        String text = RoadmapReader.decode(file, bytes);
        Roadmap read = (before == null ? Optional.<Roadmap>empty() : RoadmapSplice.apply(before.roadmap(), text, bytes))
                .orElseGet(() -> RoadmapReader.parse(file, text).withUtf8(bytes));
        kept = new Kept(read, now);
        return read;
    }

    /** The roadmap just written with {@code token}, with the identity the file has now. */
    private Kept keep(Roadmap written, long token) {
        try {
            return new Kept(written, FileIdentity.of(file, token));
        } catch (IOException e) {
            return null; // the next transaction reads the file
        }
    }

    /** A roadmap and the identity of the file it was read from or written to. */
    private record Kept(Roadmap roadmap, FileIdentity identity) {
    }

    private void write(LockHandle lock, byte[] text) {
        try {
            long accepted = acceptedToken();
            if (!lock.isValid() || lock.token() < accepted) {
                throw new StaleTokenException("Refusing to write " + file + ": this process's roadmap lock (token "
                        + lock.token() + ") is no longer valid" + (lock.token() < accepted
                        ? "; a write with token " + accepted + " came after it" : ""));
            }
            AtomicWrite.writeKeepingBackup(file, text);
            Files.createDirectories(fence.getParent());
            AtomicWrite.write(fence, (lock.token() + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 6);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** The largest token a write was accepted with; 0 if none. */
    long acceptedToken() throws IOException {
        try {
            return Long.parseLong(Files.readString(fence, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException | NumberFormatException e) {
            return 0;
        }
    }
}
