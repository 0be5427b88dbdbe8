package dev.wvo.examples.lockreuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A counter kept in a file, fenced by lock tokens: it remembers the largest fencing token it has
 * accepted and refuses a write that carries a smaller one. That is what makes a lock with leases
 * safe even when a holder pauses past its lease: the late write of the old holder arrives with an
 * older token and is refused.
 *
 * <p>The file holds one line, {@code <value> <token>}. The comparison of tokens and the write are
 * one step under a kernel lock of the counter file itself; a check followed by a separate write
 * would let a stale writer slip in between and defeat the fencing. This kernel lock only makes
 * single reads and writes atomic; the read-modify-write of an increment is protected by the wvo
 * lock, not by the store.
 */
final class FencedCounterFile {

    /** The counter's value and the token of the write that set it. */
    record State(long value, long token) {
    }

    private final Path file;

    FencedCounterFile(Path file) {
        this.file = file;
    }

    /** The current state; {@code (0, 0)} before the first write. */
    State read() throws IOException {
        try (FileChannel channel = open(); FileLock ignored = channel.lock()) {
            return readFrom(channel);
        }
    }

    /**
     * Sets the value, if {@code token} is at least the last accepted token.
     *
     * @throws StaleTokenException if a write with a larger token was accepted before
     */
    void write(long value, long token) throws IOException, StaleTokenException {
        try (FileChannel channel = open(); FileLock ignored = channel.lock()) {
            State current = readFrom(channel);
            if (token < current.token()) {
                throw new StaleTokenException(file, token, current.token());
            }
            byte[] line = (value + " " + token + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(line), 0);
            // the accepted token must survive a crash, or a restarted store would accept stale writes
            channel.force(true);
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    private State readFrom(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64));
        channel.read(buffer, 0);
        String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
        if (text.isEmpty()) {
            return new State(0, 0);
        }
        String[] parts = text.split(" ");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException("expected two numbers");
            }
            return new State(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw new IOException(file + ":1: not a counter line '<value> <token>': '" + text
                    + "'. Delete the file to start the counter from 0.", e);
        }
    }

    /** A write carried an older token than one already accepted: its writer no longer holds the lock. */
    static final class StaleTokenException extends Exception {
        StaleTokenException(Path file, long token, long accepted) {
            super("Refused write to " + file + " with fencing token " + token + ": token " + accepted
                    + " was already accepted, so this writer's lock was broken or expired");
        }
    }
}
