package dev.wvo.lock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The shared counter the processes increment under the lock: one line {@code "<count> <token>"},
 * where token is the fencing token of the acquisition that wrote it. Written to a private temp
 * file and renamed over the counter, so that a process killed mid-write leaves the old value
 * whole, never a torn one.
 */
final class CounterFile {

    /** One state of the counter. */
    record Value(long count, long token) {
        static final Value INITIAL = new Value(0, 0);
    }

    private final Path file;

    CounterFile(Path workDir) {
        this.file = workDir.resolve("counter");
    }

    Value read() throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            return Value.INITIAL;
        }
        String[] parts = text.split(" ");
        if (parts.length != 2) {
            throw new IOException("Counter file " + file + " is torn or damaged: '" + text + "'");
        }
        return new Value(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    }

    void write(Value value) throws IOException {
        Path temp = file.resolveSibling("counter." + ProcessHandle.current().pid() + ".tmp");
        Files.writeString(temp, value.count() + " " + value.token() + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
