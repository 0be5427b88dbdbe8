package dev.wvo.conflict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A file an attempt produced or changed, as the attempt left it. Byte arrays are neither copied
 * nor changed: callers hand them over.
 *
 * @param path    the path relative to the repository root, with {@code /} separators
 * @param content the content the attempt left, or null if the attempt deleted the file
 * @param base    the content the attempt started from if known (empty if the file did not exist
 *                then), or null if unknown; the detector then asks its {@link BaseLookup}
 */
public record ChangedFile(String path, byte[] content, byte[] base) {

    public ChangedFile {
        path = normalise(Objects.requireNonNull(path, "path"));
    }

    /** A file the attempt wrote, base unknown. */
    public static ChangedFile changed(String path, byte[] content) {
        return new ChangedFile(path, Objects.requireNonNull(content, "content"), null);
    }

    /** A file the attempt wrote, starting from {@code base}. */
    public static ChangedFile changed(String path, byte[] content, byte[] base) {
        return new ChangedFile(path, Objects.requireNonNull(content, "content"), Objects.requireNonNull(base, "base"));
    }

    /** A file the attempt deleted. */
    public static ChangedFile deleted(String path) {
        return new ChangedFile(path, null, null);
    }

    /** A file the attempt wrote, read from {@code file} (for example under {@code state/artifacts/}). */
    public static ChangedFile read(String path, Path file) throws IOException {
        return changed(path, Files.readAllBytes(file));
    }

    /** True if the attempt deleted the file. */
    public boolean isDeleted() {
        return content == null;
    }

    private static String normalise(String path) {
        String slashed = path.replace('\\', '/');
        while (slashed.startsWith("./")) {
            slashed = slashed.substring(2);
        }
        if (slashed.isEmpty() || slashed.startsWith("/")) {
            throw new IllegalArgumentException("A changed file's path must be relative to the repository root: '" + path + "'");
        }
        return slashed;
    }
}
