package dev.wvo.fs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one routine that appends a whole line to a JSON Lines file shared by several processes:
 * a line appended here is never torn or interleaved with another writer's line, whichever
 * process or thread wrote it and however long it is.
 *
 * <p>How: every append holds an exclusive kernel lock on a sidecar file ({@code <file>.lock})
 * and an in-JVM lock for the same file, opens the log with {@code O_APPEND} and writes the line
 * and its line end with one {@code write} call. See {@code docs/state-format.md} (event log) for
 * why the lock sits on a sidecar rather than on the log itself.
 */
public final class JsonLines {

    /** Suffix of the sidecar file whose kernel lock serialises appends between processes. */
    public static final String LOCK_SUFFIX = ".lock";

    private static final byte NEWLINE = '\n';

    /*
     * FileChannel.lock is held per JVM: a second lock on the same file from this JVM throws
     * OverlappingFileLockException instead of waiting. Threads of one JVM therefore queue here
     * first, keyed by the absolute path, and only one of them at a time asks the kernel.
     */
    private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private JsonLines() {
    }

    /**
     * Appends {@code line} and a line end to {@code file}, creating the file if needed.
     *
     * @param file the JSON Lines file
     * @param line one line's bytes (UTF-8 JSON); must not contain a line feed, as that would make
     *             two lines of one record; a trailing line feed is allowed and not doubled
     * @throws IllegalArgumentException if {@code line} contains a line feed before its end
     * @throws IOException              if the file cannot be locked, opened or written
     */
    public static void append(Path file, byte[] line) throws IOException {
        Objects.requireNonNull(line, "line");
        byte[] whole = terminated(line);
        locked(file, absolute -> appendLocked(absolute, whole));
    }

    /**
     * Appends, in one write, each of {@code lines} that the file does not already hold after byte
     * {@code from}: how the lines of a transaction are delivered when two processes may both try
     * (see {@link LockedStore}). The check and the append are made under the same locks as
     * {@link #append}, so no line is written twice whoever delivers it.
     *
     * @param from where to start looking: the file's size before the lines could first have been
     *             written; a file that has since become shorter (edited by hand) is looked at whole
     * @return how many lines were appended
     */
    public static int appendMissing(Path file, long from, List<byte[]> lines) throws IOException {
        Objects.requireNonNull(lines, "lines");
        int[] appended = new int[1];
        locked(file, absolute -> {
            Set<String> present = linesAfter(absolute, from);
            ByteArrayOutputStream missing = new ByteArrayOutputStream();
            for (byte[] line : lines) {
                byte[] whole = terminated(line);
                if (present.add(new String(whole, 0, whole.length - 1, StandardCharsets.ISO_8859_1))) {
                    missing.writeBytes(whole);
                    appended[0]++;
                }
            }
            if (missing.size() > 0) {
                appendLocked(absolute, missing.toByteArray());
            }
        });
        return appended[0];
    }

    /** The size of {@code file} now, 0 if it does not exist: where a later {@link #appendMissing} starts looking. */
    public static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private interface Locked {
        void run(Path absolute) throws IOException;
    }

    private static void locked(Path file, Locked action) throws IOException {
        Objects.requireNonNull(file, "file");
        Path absolute = canonical(file);
        ReentrantLock threads = IN_PROCESS.computeIfAbsent(absolute, p -> new ReentrantLock());
        threads.lock();
        try (FileChannel sidecar = FileChannel.open(lockFileOf(absolute),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock processes = sidecar.lock()) {
            action.run(absolute);
        } finally {
            threads.unlock();
        }
    }

    /** The lines of the file after byte {@code from} (the whole file if it is shorter), as byte-exact strings. */
    private static Set<String> linesAfter(Path file, long from) throws IOException {
        Set<String> lines = new HashSet<>();
        if (!Files.exists(file)) {
            return lines;
        }
        long start = Files.size(file) < from ? 0 : from;
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(start);
            // whole lines only: every writer holds the lock this caller holds
            new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().forEach(lines::add);
        }
        return lines;
    }

    /** The sidecar file whose kernel lock serialises appends to {@code file}. */
    public static Path lockFileOf(Path file) {
        return file.resolveSibling(file.getFileName() + LOCK_SUFFIX);
    }

    /*
     * Two spellings of one file (a symlinked state directory, "a/../state") must share one
     * in-JVM lock, or the second would hit OverlappingFileLockException on the sidecar.
     */
    private static Path canonical(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        return parent != null && Files.isDirectory(parent)
                ? parent.toRealPath().resolve(absolute.getFileName())
                : absolute;
    }

    private static void appendLocked(Path file, byte[] whole) throws IOException {
        try (FileChannel log = FileChannel.open(file,
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(prefixIfTorn(file, log, whole));
            /*
             * One write(2) of the whole buffer: with O_APPEND the kernel moves to the end and
             * writes in one step, so even readers (who take no lock) never see two lines mixed.
             * A regular local file takes the whole buffer at once; the loop only matters if the
             * kernel returns short (disk full, a signal), and then the sidecar lock still keeps
             * other writers out until the line is complete.
             */
            while (buffer.hasRemaining()) {
                log.write(buffer);
            }
        }
    }

    /*
     * A writer that died between two partial writes leaves a last line without its line end.
     * Starting our line on a fresh line keeps the damage to that one torn line instead of also
     * spoiling ours. Safe to check without a race: every writer holds the sidecar lock.
     */
    private static byte[] prefixIfTorn(Path file, FileChannel log, byte[] whole) throws IOException {
        long size = log.size();
        if (size == 0) {
            return whole;
        }
        try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            reader.read(last, size - 1);
            if (last.get(0) == NEWLINE) {
                return whole;
            }
        }
        byte[] prefixed = new byte[whole.length + 1];
        prefixed[0] = NEWLINE;
        System.arraycopy(whole, 0, prefixed, 1, whole.length);
        return prefixed;
    }

    private static byte[] terminated(byte[] line) {
        int content = line.length > 0 && line[line.length - 1] == NEWLINE ? line.length - 1 : line.length;
        for (int i = 0; i < content; i++) {
            if (line[i] == NEWLINE) {
                throw new IllegalArgumentException(
                        "A JSON line must not contain a line feed (found one at byte " + i + ")");
            }
        }
        if (content < line.length) {
            return line;
        }
        byte[] whole = new byte[line.length + 1];
        System.arraycopy(line, 0, whole, 0, line.length);
        whole[line.length] = NEWLINE;
        return whole;
    }
}
