package dev.wvo.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * The one way wvo reads a state file that a person or a runaway program can grow: never more
 * than a limit, checked before reading, so that a 3 GB file is one error naming it instead of an
 * {@code OutOfMemoryError} in every command; never a pipe or device (which could block forever).
 */
public final class BoundedRead {

    /** What a record wvo writes (a worker record, a control file, the rate-limit board, a queue entry) can be. */
    public static final int RECORD = 1 << 20;
    /** What a document people and agents grow (the roadmap, the shared context) can be. */
    public static final int DOCUMENT = 64 << 20;
    private static final int READ_SIZE = 64 * 1024;

    private BoundedRead() {
    }

    /**
     * The file's bytes.
     *
     * @throws NoSuchFileException          if there is no file
     * @throws UnreadableStateFileException if it is larger than {@code limit} or not a regular file
     */
    public static byte[] bytes(Path file, int limit) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            throw new UnreadableStateFileException(file, 0, 0, (attributes.isDirectory() ? "a directory" : "a pipe or device")
                    + " stands where the file belongs; move it away and run again");
        }
        if (attributes.size() > limit) {
            throw tooLarge(file, attributes.size(), limit);
        }
        // 64 KB at a time, here and below: a channel reads into a heap buffer through a temporary
        // direct one as large as what is asked, and fresh memory is what a 2 MB read costs a new JVM
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            byte[] exact = new byte[(int) attributes.size()];
            ByteBuffer whole = ByteBuffer.wrap(exact);
            // until the size the attributes gave (not hasRemaining(): the limit is the last piece's end)
            while (whole.position() < exact.length
                    && in.read(whole.limit(Math.min(exact.length, whole.position() + READ_SIZE))) > 0) {
                // a read may fill less than its piece: the next one asks for the rest of it
            }
            // the common case, read into its final array (a 2 MB roadmap is read at every claim): the
            // file has as many bytes as its size said and no more; else it changed while being read
            if (whole.position() == exact.length && in.read(ByteBuffer.allocate(1)) < 0) {
                return exact;
            }
            in.position(0);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(limit + 1L, Math.max(attributes.size() + 1, 8192)));
            while (in.read(buffer.limit(Math.min(buffer.capacity(), buffer.position() + READ_SIZE))) >= 0) {
                if (buffer.position() == buffer.capacity()) {
                    if (buffer.capacity() > limit) {
                        throw tooLarge(file, in.size(), limit); // it grew while being read
                    }
                    buffer = ByteBuffer.allocate((int) Math.min(limit + 1L, buffer.capacity() * 2L)).put(buffer.flip());
                }
            }
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    /**
     * The file's text, strictly UTF-8.
     *
     * @throws UnreadableStateFileException as {@link #bytes}, and if the bytes are not UTF-8 (naming line and column)
     */
    public static String utf8(Path file, int limit) throws IOException {
        return decode(file, bytes(file, limit));
    }

    /**
     * Decodes strict UTF-8, reporting where the bad bytes start, so that a person can find a torn
     * or binary region.
     *
     * @throws UnreadableStateFileException naming line and column of the first bytes that are not UTF-8
     */
    public static String decode(Path file, byte[] bytes) throws UnreadableStateFileException {
        return StrictUtf8.decode(bytes, bad -> new UnreadableStateFileException(file, bad.line(), bad.column(),
                String.format("not UTF-8 text (byte 0x%02X); save it as UTF-8, or restore it from a backup or from git",
                        bad.value())));
    }

    private static UnreadableStateFileException tooLarge(Path file, long size, int limit) {
        return new UnreadableStateFileException(file, 0, 0, "it is " + describe(size) + ", more than the "
                + describe(limit) + " such a file can be: wvo did not write it so (a runaway program, or another "
                + "file put in its place). Move it away and restore the last good version, for example from git");
    }

    /** A size as people read it: 512 bytes, 3.4 KiB, 64 MiB, 3.0 GiB. */
    static String describe(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value)) + " " + units[unit];
    }
}
