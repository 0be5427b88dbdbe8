package dev.wvo.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A text file a person edits (a configuration), read whole and checked on the way: a bounded size,
 * a regular file, UTF-8 without NUL bytes. A problem is reported with where it is and what to do,
 * never as a decoder's or the file system's bare exception.
 */
public final class TextFile {

    private TextFile() {
    }

    /**
     * Something about the file that keeps it from being read as text.
     *
     * @param line    1-based line of the problem (1 when it is the file as a whole)
     * @param column  1-based column
     * @param problem what is wrong and what to do
     */
    public record Problem(int line, int column, String problem) {
    }

    /** Thrown by {@link #read} with the {@link Problem}. */
    public static final class Unreadable extends Exception {
        private final transient Problem problem;

        Unreadable(Problem problem) {
            super(problem.problem());
            this.problem = problem;
        }

        public Problem problem() {
            return problem;
        }
    }

    /**
     * The file's text, or empty when it does not exist.
     *
     * @param maxBytes the largest file accepted; a bigger one is not what the caller reads
     * @throws Unreadable if it is a directory, too big, unreadable, binary or not UTF-8
     */
    public static Optional<String> read(Path file, int maxBytes) throws Unreadable {
        if (Files.isDirectory(file)) {
            throw new Unreadable(new Problem(1, 1, "is a directory, not a file; remove it or move it away"));
        }
        if (!Files.exists(file)) {
            return Optional.empty(); // also when a parent is a file: then there is no such file either
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            // one byte more than allowed tells a file that is too big without reading all of it
            bytes = in.readNBytes(maxBytes + 1);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new Unreadable(new Problem(1, 1, "cannot be read: permission denied; give this user read access"));
        } catch (IOException e) {
            throw new Unreadable(new Problem(1, 1, "cannot be read: " + e.getMessage()));
        }
        if (bytes.length > maxBytes) {
            throw new Unreadable(new Problem(1, 1, "is over " + maxBytes / 1024 + " KB, far more than a file of "
                    + "settings holds; check that it is the right file"));
        }
        return Optional.of(decode(bytes));
    }

    private static String decode(byte[] bytes) throws Unreadable {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw unreadable(StrictUtf8.at(bytes, i), "binary data (a NUL byte): it is not a text file; restore it "
                        + "from your backup or from git");
            }
        }
        return StrictUtf8.decode(bytes, bad -> unreadable(bad, String.format("not UTF-8 text (byte 0x%02X); save it as UTF-8",
                bad.value())));
    }

    private static Unreadable unreadable(StrictUtf8.Position at, String problem) {
        return new Unreadable(new Problem(at.line(), at.column(), problem));
    }
}
