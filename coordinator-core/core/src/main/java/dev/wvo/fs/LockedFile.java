package dev.wvo.fs;

import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockLostException;
import dev.wvo.lock.LockMode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * A state file that an exclusive lock protects, written so that no write lands after the lock
 * has passed on, wherever the writer was paused on its way (Ctrl-Z, a suspended laptop, a
 * stopped VM). Every locked store writes through this class; the argument, and what it costs a
 * paused holder, is in {@code docs/lock-protocol.md} ("Writes under a lock").
 *
 * <p>For a file {@code F} and a holder whose lock has token {@code T}:
 * <ol>
 *   <li>{@link #claim}: right after acquiring, <em>before reading</em> {@code F}, the holder
 *       removes every pending write of {@code F} that another holder left:
 *       {@code .F.token-N.tmp}, {@code .F.bak.token-N.tmp} and {@code .F.retired.token-N.tmp}
 *       for every {@code N ≠ T}.</li>
 *   <li>{@link #write}: the new content goes to {@code .F.token-T.tmp} (created exclusively,
 *       forced to disk); the holder then {@linkplain LockHandle#confirm() confirms} its lock with
 *       the lock store; then renames the temp file over {@code F}.</li>
 *   <li>{@link #makeDurable}: forces the directory, so that the rename survives a power cut. The
 *       holder may do it after releasing the lock (see there).</li>
 * </ol>
 * A writer paused anywhere before its confirmation learns there that its lock has passed on.
 * A writer paused after it finds its temp file gone: whoever took the lock since removed it in
 * its claim, before reading {@code F}, so the rename fails ({@code ENOENT}) rather than land over
 * what the next holder reads and writes. Either way it throws {@link LockLostException} and
 * nothing of it reaches {@code F}.
 *
 * <p>Only rename and unlink are needed of the file system, and the lock store's word; no token
 * is compared, so it holds also when tokens start again from 1 (lock files removed by hand).
 */
public final class LockedFile {

    /** How often a write is made again when its temp file was removed although the lock still holds. */
    private static final int ATTEMPTS = 3;
    private static final String TOKEN = "token-";
    private static final String TEMP = ".tmp";
    private static final String BACKUP = "bak.";
    private static final String RETIRED = "retired.";

    private final LockHandle lock;
    private final Path file;
    private final Path dir;
    /** Whether a rename landed that the directory has not been forced for yet. */
    private boolean renamedSinceForce;
    /** The backup a write replaced, moved aside under the lock to be removed after it; null if none. */
    private Path retiredBackup;

    private LockedFile(LockHandle lock, Path file) throws IOException {
        this.lock = lock;
        this.file = throughLinks(file.toAbsolutePath());
        this.dir = this.file.getParent();
    }

    /**
     * Where a write of {@code file} goes: a state file that a person made a symbolic link (to keep
     * the roadmap elsewhere) is written where the link points, and stays a link, as editors do;
     * a rename over the link would replace it with a file and leave its target behind.
     */
    private static Path throughLinks(Path file) throws IOException {
        Path at = file;
        for (int hops = 0; Files.isSymbolicLink(at); hops++) {
            if (hops == 40) {
                throw new IOException(file + " is a loop of symbolic links; make it a file or a link to one");
            }
            at = at.toAbsolutePath().getParent().resolve(Files.readSymbolicLink(at)).normalize();
        }
        return at;
    }

    /**
     * Starts a transaction on {@code file} under {@code lock}, just taken: removes what earlier
     * holders still had on its way to the file. Call it before reading the file. A symbolic link
     * at {@code file} is followed: the file it points at is the one written.
     *
     * @throws IllegalArgumentException if the lock is not exclusive
     * @throws IOException              if the directory cannot be read or a pending write not removed
     */
    public static LockedFile claim(LockHandle lock, Path file) throws IOException {
        Objects.requireNonNull(lock, "lock");
        if (lock.mode() != LockMode.EXCLUSIVE) {
            throw new IllegalArgumentException("Writes of " + file + " need an exclusive lock, not " + lock);
        }
        LockedFile locked = new LockedFile(lock, file);
        locked.removeOtherHoldersWrites();
        return locked;
    }

    public Path path() {
        return file;
    }

    /**
     * Replaces the file with {@code content}, or, if the lock has passed on, changes nothing. The
     * new content is on disk before it replaces the file, so a power cut leaves the old file or the
     * new one, whole; the replacement itself survives a power cut once {@link #makeDurable} returns.
     *
     * @throws LockLostException if this process no longer holds the lock
     * @throws IOException       if the file system refuses (full disk, permissions)
     */
    public void write(byte[] content) throws IOException {
        replace(content, false);
    }

    /** As {@link #write}, and keeps the version it replaces as {@code <name>.bak}. */
    public void writeKeepingBackup(byte[] content) throws IOException {
        replace(content, true);
    }

    private void replace(byte[] content, boolean backup) throws IOException {
        Files.createDirectories(dir);
        Path temp = pendingWrite(lock.token());
        Path backupTemp = pendingBackup(lock.token());
        try {
            int removed = 0;
            while (true) {
                removeWhateverIsAt(temp);
                AtomicWrite.writeNew(temp, content);
                if (!lock.confirm()) {
                    throw new LockLostException(lock, "writing " + file);
                }
                if (removed == ATTEMPTS) {
                    // Confirmed every time, yet removed every time: another process claims this file
                    // under a lock of its own, so the two do not exclude each other.
                    throw new IOException("The write of " + file + " was removed " + removed + " times by another "
                            + "process although this one holds the '" + lock.resource() + "' lock: two processes use "
                            + "different lock stores (--lock-backend, --zookeeper) on one state directory. Use the "
                            + "same for all.");
                }
                // From here on a new holder's claim may remove our temp files at any moment: then a
                // rename fails with NoSuchFileException instead of landing after the lock moved on.
                try {
                    if (backup) {
                        retireBackup();
                    }
                    if (!backup || AtomicWrite.keepBackup(file, backupTemp)) {
                        AtomicWrite.move(temp, file);
                        renamedSinceForce = true;
                        return;
                    }
                } catch (NoSuchFileException gone) {
                    // the next confirmation tells whether the lock has passed on
                }
                removed++;
            }
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(backupTemp);
        }
    }

    /**
     * Moves the backup that this write replaces aside, to be removed after the lock's release
     * ({@link #makeDurable}): a rename over it frees its blocks inside the rename, ~1 ms for a 2 MB
     * roadmap on ext4 that every holder waiting behind this one would wait too. A paused writer's
     * late move aside can leave no backup until the next write (whose backup is then its own
     * previous version), and its late link the current file as the backup, never an older version
     * (lock-protocol.md, "Writes under a lock"); a file a killed writer left aside is another
     * token's, removed by the next claim.
     */
    private void retireBackup() throws IOException {
        Path retired = dir.resolve("." + file.getFileName() + "." + RETIRED + TOKEN + lock.token() + TEMP);
        try {
            AtomicWrite.move(file.resolveSibling(file.getFileName() + ".bak"), retired);
            retiredBackup = retired;
        } catch (NoSuchFileException noBackupYet) {
            // the first write with a backup, or moved aside by an earlier round of this write
        }
    }

    private void removeOtherHoldersWrites() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                entry -> tokenOf(entry.getFileName().toString()).orElse(lock.token()) != lock.token())) {
            for (Path entry : entries) {
                removeWhateverIsAt(entry);
            }
        }
    }

    /**
     * Removes what stands at one of the protocol's names: a pending write, or debris a person or
     * a program left there (a directory too), which would otherwise block every write of that token.
     */
    private static void removeWhateverIsAt(Path name) throws IOException {
        if (!Files.isDirectory(name, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(name);
            return;
        }
        try (Stream<Path> tree = Files.walk(name)) {
            for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /**
     * Forces the directory after a write, so that its rename survives a power cut, and removes the
     * backup the write replaced; nothing to do without one. Needs no lock, and a holder does it
     * best after its release: the wait for the disk (~1 ms here, more on a busy disk) then delays
     * no other holder. That is safe because a later holder that reads the file before the force
     * can only make it durable with its own rename in the same directory, whose content includes
     * this one's: a power cut leaves the file as one of the writes, in order. Call it before
     * telling anyone that the write is done.
     */
    public void makeDurable() {
        if (retiredBackup != null) {
            try {
                Files.deleteIfExists(retiredBackup);
            } catch (IOException e) {
                // left for the next holder's claim, which removes every other token's files
            }
            retiredBackup = null;
        }
        if (renamedSinceForce) {
            AtomicWrite.forceDirectory(dir);
            renamedSinceForce = false;
        }
    }

    private Path pendingWrite(long token) {
        return dir.resolve("." + file.getFileName() + "." + TOKEN + token + TEMP);
    }

    private Path pendingBackup(long token) {
        return dir.resolve("." + file.getFileName() + "." + BACKUP + TOKEN + token + TEMP);
    }

    /** The token of a pending write or backup of this file, from its name; empty for any other name. */
    private OptionalLong tokenOf(String name) {
        String prefix = "." + file.getFileName() + ".";
        if (!name.startsWith(prefix) || !name.endsWith(TEMP)) {
            return OptionalLong.empty();
        }
        String rest = name.substring(prefix.length(), name.length() - TEMP.length());
        if (rest.startsWith(BACKUP)) {
            rest = rest.substring(BACKUP.length());
        } else if (rest.startsWith(RETIRED)) {
            rest = rest.substring(RETIRED.length());
        }
        if (!rest.startsWith(TOKEN)) {
            return OptionalLong.empty();
        }
        String digits = rest.substring(TOKEN.length());
        if (digits.isEmpty() || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }
}
