package dev.wvo.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way wvo replaces a state file that no lock protects: the new content goes to a unique
 * temp file in the same directory, is forced to disk, renamed over the target (atomic on POSIX),
 * and the directory is forced so that the rename itself survives a power cut. A reader, or a
 * process killed at any instant, sees the old file or the new one, whole, never a mix or a
 * truncation. Files written under a lock go through {@link LockedFile}, which adds what a
 * paused writer needs.
 */
public final class AtomicWrite {

    private AtomicWrite() {
    }

    /** Replaces {@code target} with {@code content}. */
    public static void write(Path target, byte[] content) throws IOException {
        replace(target, content, false, true);
    }

    /**
     * Replaces {@code target} and keeps its previous version as {@code <name>.bak}. The backup is
     * a hard link made before the rename (a copy where links are not supported), so at every
     * moment the current file exists whole; the backup is never the only copy.
     */
    public static void writeKeepingBackup(Path target, byte[] content) throws IOException {
        replace(target, content, true, true);
    }

    /**
     * Replaces {@code target} as {@link #write} does, atomically for every reader and for a killed
     * process, but without forcing the file or the directory to disk: for a file that only says
     * how a process is doing now and that it rewrites within seconds, such as a worker's record.
     * After a power cut the file may be the old one, or empty: its reader must take an unreadable
     * file as missing, and nothing may depend on it surviving the processes it describes (after a
     * power cut they are all gone). Two {@code fsync}s of a small file cost ~8 ms of waiting on a
     * loaded disk, several times per task.
     */
    public static void writeUnforced(Path target, byte[] content) throws IOException {
        replace(target, content, false, false);
    }

    private static void replace(Path target, byte[] content, boolean backup, boolean forced) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = tempOf(dir, target);
        try {
            writeNew(temp, content, forced);
            if (backup) {
                keepBackup(target, target.resolveSibling("." + target.getFileName() + ".bak.tmp"));
            }
            move(temp, target);
            if (forced) {
                forceDirectory(dir);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A temp name of its own for each write, so that concurrent writers of one file never share one. */
    private static Path tempOf(Path dir, Path target) {
        byte[] random = new byte[8];
        ThreadLocalRandom.current().nextBytes(random);
        return dir.resolve("." + target.getFileName() + "." + HexFormat.of().formatHex(random) + ".tmp");
    }

    /** Creates {@code file}, which must not exist, with {@code content}, forced to disk. */
    static void writeNew(Path file, byte[] content) throws IOException {
        writeNew(file, content, true);
    }

    private static void writeNew(Path file, byte[] content, boolean force) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            if (force) {
                // fdatasync: the content and what reading it back needs (its size, its blocks), not
                // its times, which nothing reads after a power cut
                out.force(false);
            }
        }
    }

    /** Renames {@code source} over {@code target}, atomically or not at all. */
    static void move(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The file system of " + target.toAbsolutePath().getParent() + " cannot rename "
                    + "atomically; wvo's state needs a POSIX file system", e);
        }
    }

    /**
     * Makes {@code <target>.bak} the current version of {@code target} through {@code staging}:
     * a hard link (a copy where links are not supported), renamed into place.
     *
     * @return false if {@code staging} vanished before its rename (someone removed it)
     */
    static boolean keepBackup(Path target, Path staging) throws IOException {
        Path bak = target.resolveSibling(target.getFileName() + ".bak");
        try {
            Files.deleteIfExists(staging);
            try {
                Files.createLink(staging, target);
            } catch (UnsupportedOperationException | IOException e) {
                if (!Files.exists(target)) {
                    return true; // no previous version: nothing to keep
                }
                Files.copy(target, staging, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(staging, bak, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                return false;
            }
            return true;
        } finally {
            Files.deleteIfExists(staging);
        }
    }

    /** Forces a directory's entries to disk; where the OS cannot open a directory, the rename's durability is the OS's. */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here (some file systems and OSes): the rename is still atomic, only its durability waits
        }
    }
}
