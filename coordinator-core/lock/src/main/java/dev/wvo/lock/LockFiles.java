package dev.wvo.lock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The files of the lock directory and the only ways they are written.
 *
 * <p>For a resource encoded as {@code E} (see {@link ResourceNames}): {@code E.lock} is the lock
 * record, {@code E.guard} the guard file and fencing counter, {@code .E.<random>.tmp} a new
 * record on its way in and {@code .E.lock.next} a replacement on its way in. A record only ever
 * appears whole:
 * <ul>
 *   <li>a new one is written to a private temp file and created with {@code link(temp, E.lock)},
 *       which fails if {@code E.lock} exists (the NFS-safe exclusive create: the lock appears
 *       with its content or not at all);</li>
 *   <li>a replacement, made under the guard, is written whole to {@code .E.lock.next}; then
 *       {@code E.lock} is unlinked and the staging file renamed into the free name ({@link #replace}
 *       says why not over it). A reader that finds no record looks at the staging file, and a
 *       guard holder adopts a staging file that a crash left alone ({@link #readGuarded}).</li>
 * </ul>
 * so no reader ever sees an empty or half-written lock file.
 *
 * <p>{@code .wake/E} is the resource's wake file and {@code .wake/E@K} a process's: empty, their
 * modification times set by a release that leaves waiters in the record (the head's process's
 * file) and by the rarer changes that may let any recorded waiter in (the resource's), so that
 * the file watchers of the waiting processes hear of those only, not of every file the
 * directory's transactions write ({@link ReleaseSignal}).
 */
final class LockFiles {

    static final String LOCK_SUFFIX = ".lock";
    /**
     * No record is larger: a holder entry takes about 500 bytes, a waiter entry 400. Anything
     * larger is not read, only removed, so a 3 GB file at a lock's name costs nothing.
     */
    static final int MAX_RECORD_BYTES = 1 << 20;
    static final String GUARD_SUFFIX = ".guard";
    private static final String TEMP_SUFFIX = ".tmp";
    /** The subdirectory of the wake files: a name of its own, never matched by a lock's or temp file's pattern. */
    static final String WAKE_DIRECTORY = ".wake";
    /** Between a resource and a process in the name of a process's wake file; never in an encoded name (it is escaped). */
    static final char WAKE_KEY_SEPARATOR = '@';
    private static final int TEMP_RANDOM_CHARS = 16;

    private final Path directory;
    private final boolean posix;

    LockFiles(Path directory) {
        this.directory = directory;
        this.posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    Path directory() {
        return directory;
    }

    /** Creates the lock directory (owner-only where the OS allows) and returns its real path. */
    static Path prepareDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
                if (posix) {
                    Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(directory);
                }
            }
            return directory.toRealPath();
        } catch (IOException e) {
            throw new LockException("Cannot create the lock directory " + directory + ": " + LockException.describe(e)
                    + ". Check that its parent exists and is writable.", e);
        }
    }

    Paths pathsOf(String resource) {
        String encoded = ResourceNames.encode(resource);
        return new Paths(resource, encoded, directory.resolve(encoded + LOCK_SUFFIX),
                directory.resolve(encoded + GUARD_SUFFIX));
    }

    /** Where the files of one resource live. */
    record Paths(String resource, String encoded, Path lock, Path guard) {
        /** The staging file of a replacement: {@code .E.lock.next}. */
        Path next() {
            return lock.resolveSibling("." + lock.getFileName() + NEXT_SUFFIX);
        }
    }

    private static final String NEXT_SUFFIX = ".next";

    static FileChannel openGuard(Path guard) throws IOException {
        if (Files.isDirectory(guard, LinkOption.NOFOLLOW_LINKS)) {
            // A directory where the guard file belongs is a leftover nobody can be using as a
            // guard (a directory cannot be locked); clear it so the resource is usable again.
            deleteTree(guard);
        } else if (Files.isSymbolicLink(guard)) {
            // The protocol never makes a link here. Followed, the counter would be written into
            // whatever it points at; removed, the guard is a file of its own again. A process that
            // locked the link's target finds at its next step that the target is not at the name (3.5).
            Files.deleteIfExists(guard);
        }
        boolean posix = guard.getFileSystem().supportedFileAttributeViews().contains("posix");
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
        return posix
                ? FileChannel.open(guard, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : FileChannel.open(guard, options);
    }

    /** What a lock file holds right now. */
    sealed interface Content permits Absent, Present, Garbage {
    }

    record Absent() implements Content {
    }

    record Present(LockRecord record) implements Content {
    }

    /** Something that is not a lock record: never a live lock. */
    record Garbage(String problem) implements Content {
    }

    /**
     * What stands at a lock file's name, read without following a symbolic link and never more
     * than {@link #MAX_RECORD_BYTES}: anything but a regular file of a record's size is garbage.
     */
    Content read(Path lock) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(lock, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new Absent();
        }
        if (attributes.isSymbolicLink()) {
            return new Garbage("a symbolic link stands where the lock file belongs");
        }
        if (attributes.isDirectory()) {
            return new Garbage("a directory stands where the lock file belongs");
        }
        if (!attributes.isRegularFile()) {
            return new Garbage("a pipe or device stands where the lock file belongs");
        }
        if (attributes.size() > MAX_RECORD_BYTES) {
            return new Garbage("a file of " + attributes.size() + " bytes, larger than any lock record");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(lock, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_RECORD_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Absent();
        }
        if (bytes.length > MAX_RECORD_BYTES) {
            return new Garbage("a file larger than any lock record");
        }
        try {
            return new Present(LockRecordJson.read(bytes));
        } catch (LockRecordJson.MalformedLockException e) {
            return new Garbage(e.getMessage());
        }
    }

    /**
     * Creates the lock file with its content, failing if it exists.
     *
     * @return false if a lock file already exists
     */
    boolean create(Path lock, LockRecord record) throws IOException {
        Path temp = writeTemp(lock, record);
        try {
            Files.createLink(lock, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return linkedAnyway(temp);
        } catch (IOException e) {
            // Over NFS a retransmitted link() can report an error although the first attempt
            // worked; the temp file's link count tells the truth.
            if (linkedAnyway(temp)) {
                return true;
            }
            throw e;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean linkedAnyway(Path temp) {
        try {
            Object links = Files.getAttribute(temp, "unix:nlink");
            return links instanceof Integer n && n == 2;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Replaces the lock file's content. Only called while the resource's guard is held.
     *
     * <p>Not by renaming over the old file: on ext4 a rename that replaces an existing file starts
     * write-back of the new one (the {@code auto_da_alloc} heuristic) and costs about a
     * millisecond, on every release with a waiter, every waiter refresh and every heartbeat. So:
     * write the staging file {@code .E.lock.next} whole, unlink {@code E.lock}, rename the staging
     * file into the free name. Between unlink and rename the lock file is missing; only guard
     * holders act on a lock, and {@link #readGuarded} first adopts a complete staging file left by
     * a process that died in that gap, so the new record is never lost.
     */
    void replace(Paths paths, LockRecord record) throws IOException {
        Path next = paths.next();
        // a new file each time, never one found at the name: a link there would be written through
        Files.deleteIfExists(next);
        try (var out = Files.newByteChannel(next, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                ownerOnly())) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(LockRecordJson.write(record));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        }
        Files.deleteIfExists(paths.lock());
        try {
            Files.move(next, paths.lock(), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new LockException("The file system of " + directory + " cannot rename atomically; "
                    + "wvo locks need a POSIX file system (local, or NFS)", e);
        }
    }

    /**
     * What the lock file holds now, read without the guard, for a waiter's look between attempts
     * (every decision reads under the guard): absent when it cannot be read. A replacement in
     * progress has unlinked the record and not yet renamed its staging file in; the staging file,
     * written whole before that unlink, is then the record. Waiters are woken by that unlink, so
     * without this they would find no record, attempt, and queue for the guard behind the
     * replacement, all of them at every replacement.
     */
    Content readQuietly(Paths paths) {
        try {
            Content content = read(paths.lock());
            return content instanceof Absent ? read(paths.next()) : content;
        } catch (IOException e) {
            return new Absent();
        }
    }

    /**
     * Reads the record without the guard (inspection). A replacement in progress may have
     * unlinked the record and not yet renamed the staging file in; the staging file is then the
     * record (it is written whole before the unlink). Both names are tried in turn until one
     * answers, so an inspection never reports a held lock as free.
     */
    Content readUnguarded(Paths paths) throws IOException {
        for (int i = 0; i < 3; i++) {
            Content content = read(paths.lock());
            if (!(content instanceof Absent)) {
                return content;
            }
            Content staged = read(paths.next());
            if (!(staged instanceof Absent)) {
                return staged;
            }
        }
        return new Absent();
    }

    /**
     * Reads the record while holding the guard. A staging file standing alone is a replacement
     * whose writer died between unlinking the old record and renaming the new one in: it is whole
     * (written before the unlink), so it is adopted as the record.
     */
    Content readGuarded(Paths paths) throws IOException {
        Content content = read(paths.lock());
        if (content instanceof Absent && Files.exists(paths.next())) {
            Files.move(paths.next(), paths.lock(), StandardCopyOption.ATOMIC_MOVE);
            content = read(paths.lock());
        }
        return content;
    }

    /**
     * Removes whatever stands at the lock file's name: a record, garbage, or a directory; and a
     * staging file a crash left beside it first, so that it can never be adopted later.
     */
    void remove(Paths paths) throws IOException {
        Files.deleteIfExists(paths.next());
        if (Files.isDirectory(paths.lock(), LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(paths.lock());
        } else {
            Files.deleteIfExists(paths.lock());
        }
    }

    private FileAttribute<?>[] ownerOnly() {
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private Path writeTemp(Path lock, LockRecord record) throws IOException {
        String name = lock.getFileName().toString();
        String encoded = name.substring(0, name.length() - LOCK_SUFFIX.length());
        byte[] random = new byte[TEMP_RANDOM_CHARS / 2];
        ThreadLocalRandom.current().nextBytes(random);
        Path temp = directory.resolve("." + encoded + "." + HexFormat.of().formatHex(random) + TEMP_SUFFIX);
        FileAttribute<?>[] attributes = ownerOnly();
        // one open: created exclusively, owner-only, written, closed
        try (var out = Files.newByteChannel(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                attributes)) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(LockRecordJson.write(record));
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /** Where the wake files are: the directory that waiting processes watch. */
    Path wakeDirectory() {
        return directory.resolve(WAKE_DIRECTORY);
    }

    /**
     * Sets the modification time of {@code .wake/E}, creating it (and its directory, owner-only)
     * the first time: either change is an event for the watchers of the wake directory. Called
     * once the change it announces is written (a release: inside its guarded step, right after the
     * write; the rarer changes: after theirs), so a waiter woken by it reads that change.
     */
    void touchWakeFile(String encoded) throws IOException {
        touch(wakeDirectory().resolve(encoded));
    }

    private void touch(Path file) throws IOException {
        try {
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
        } catch (NoSuchFileException e) {
            prepareDirectory(wakeDirectory());
            try {
                Files.createFile(file, ownerOnly());
            } catch (FileAlreadyExistsException created) {
                // another process created it after this one looked, so after this change: its creation is the event
            }
        }
    }

    /**
     * Touches the wake file of one waiting process only, {@code .wake/E@K} where {@code K} is
     * {@link #wakeKey} of its process: what a release does for the head of the queue, the one
     * waiter that can take the lock (section 8). Created the first time, like {@code .wake/E}.
     */
    void touchWakeFile(String encoded, ProcessRef waiter) throws IOException {
        touch(wakeFileOf(encoded, waiter));
    }

    /** {@code .wake/E@K}: the wake file by which {@code process} hears of releases of {@code encoded} meant for it. */
    Path wakeFileOf(String encoded, ProcessRef process) {
        return wakeDirectory().resolve(encoded + WAKE_KEY_SEPARATOR + wakeKey(process));
    }

    /**
     * The name by which a process hears of the releases meant for it: its pid and a digest of its
     * host's identity, so that processes of two hosts with one pid (NFS) have two names. Two
     * processes that share a name only wake each other for nothing: a waiter always looks.
     */
    static String wakeKey(ProcessRef process) {
        HostIdentity host = process.host();
        int hostDigest = java.util.Objects.hash(host.hostName(), host.bootId(), host.machineId(), host.pidNamespace());
        return process.pid() + "-" + Integer.toHexString(hostDigest);
    }

    /** The wake files of one process (its key from {@link #wakeKey}), in every resource: removed when it stops waiting for good. */
    void removeWakeFilesOf(String key) throws IOException {
        Path wake = wakeDirectory();
        if (!Files.isDirectory(wake)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(wake, "*" + WAKE_KEY_SEPARATOR + key)) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
            }
        }
    }

    /**
     * Removes the processes' wake files ({@code .wake/E@K}) untouched since {@code cutoffMillis}:
     * those of processes that crashed, or waited long ago. Harmless for a process that still
     * waits: the next release meant for it creates its file again, and a creation is an event.
     */
    void removeWakeFilesUntouchedSince(long cutoffMillis) throws IOException {
        Path wake = wakeDirectory();
        if (!Files.isDirectory(wake, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(wake, "*" + WAKE_KEY_SEPARATOR + "*")) {
            for (Path entry : entries) {
                try {
                    if (Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoffMillis) {
                        Files.deleteIfExists(entry);
                    }
                } catch (NoSuchFileException gone) {
                    // removed meanwhile by its process or by another cleaner
                }
            }
        }
    }

    /** The encoded names of every resource with a lock file (or something at a lock file's name). */
    List<String> lockedNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*" + LOCK_SUFFIX)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.startsWith(".")) {
                    names.add(name.substring(0, name.length() - LOCK_SUFFIX.length()));
                }
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /** Temp files left by processes that died between writing and linking: encoded resource → file. */
    List<Path> tempFiles() throws IOException {
        List<Path> temps = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, ".*" + TEMP_SUFFIX)) {
            entries.forEach(temps::add);
        }
        return temps;
    }

    /** The encoded resource a temp file belongs to: {@code .E.<random>.tmp} → {@code E}. */
    static String encodedOfTemp(Path temp) {
        String name = temp.getFileName().toString();
        int end = name.length() - TEMP_SUFFIX.length() - TEMP_RANDOM_CHARS - 1;
        return end > 1 ? name.substring(1, end) : name;
    }

    Path lockOfEncoded(String encoded) {
        return directory.resolve(encoded + LOCK_SUFFIX);
    }

    Path guardOfEncoded(String encoded) {
        return directory.resolve(encoded + GUARD_SUFFIX);
    }

    Paths pathsOfEncoded(String encoded) {
        return new Paths(ResourceNames.decode(encoded).orElse(encoded), encoded, lockOfEncoded(encoded),
                guardOfEncoded(encoded));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
