package dev.wvo.events;

import dev.wvo.fs.BoundedRead;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads the event log's complete lines from where it last stopped, remembering the byte offset
 * and line count, so that the whole-file read and the tail share one notion of a line. A last
 * line without its line end is left for the next call: its writer may still be appending. A log
 * that was truncated, or replaced by another file (rotated, restored from git), is read again
 * from its first line, and {@link #startedOver()} says so.
 */
final class LineScanner {

    private static final int NEWLINE = '\n';
    /** A line longer than this is no event: it is reported, and only its start is kept in memory. */
    static final int MAX_LINE = BoundedRead.RECORD;

    private final Path file;
    private long offset;
    private long linesRead;
    private long pendingBytes;
    /** The identity (device and inode on Linux) of the file read last, or null before the first read. */
    private Object fileKey;
    private boolean startedOver;
    private boolean replaced;

    LineScanner(Path file) {
        this.file = file;
    }

    /**
     * Hands every complete line after the last one read to {@code onLine}, with its number.
     * Returns the number of lines handed over.
     */
    long scan(LineConsumer onLine) throws IOException {
        long before = linesRead;
        startedOver = false;
        replaced = false;
        try {
            // Its identity is taken before it is opened: if another file takes its name in between, this
            // read is of the new file at the old offset, and the next read sees the new identity and starts
            // over; the other order could take the new file for the old one for good.
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            boolean isAnother = fileKey != null && key != null && !Objects.equals(fileKey, key);
            fileKey = key;
            if (isAnother) {
                startOver();
                this.replaced = true;
            }
        } catch (NoSuchFileException e) {
            if (offset > 0) {
                startOver(); // removed: what was read is gone
            }
            fileKey = null; // what comes under its name later is a log begun anew, read from its start
            pendingBytes = 0;
            return 0;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < offset) {
                startOver(); // truncated (someone cleared it by hand)
            }
            channel.position(offset);
            InputStream in = Channels.newInputStream(channel);
            byte[] chunk = new byte[64 * 1024];
            long remaining = size - offset;
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            long lineBytes = 0; // the whole line's length; `line` keeps at most MAX_LINE + 1 of them
            while (remaining > 0) {
                int n = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
                if (n < 0) {
                    break;
                }
                remaining -= n;
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == NEWLINE) {
                        lineBytes += keep(line, chunk, start, i - start);
                        offset += lineBytes + 1;
                        linesRead++;
                        if (lineBytes > MAX_LINE) {
                            onLine.tooLong(linesRead, lineBytes, line.toString(StandardCharsets.UTF_8));
                        } else {
                            onLine.accept(linesRead, line.toString(StandardCharsets.UTF_8));
                        }
                        line.reset();
                        lineBytes = 0;
                        start = i + 1;
                    }
                }
                lineBytes += keep(line, chunk, start, n - start);
            }
            pendingBytes = lineBytes;
        } catch (NoSuchFileException e) {
            pendingBytes = 0;
        }
        return linesRead - before;
    }

    private void startOver() {
        offset = 0;
        linesRead = 0;
        startedOver = true;
    }

    /**
     * True if the last {@link #scan} found the log truncated, replaced or removed and so began
     * again from its first line (or found it gone): what was read before is not in the file now.
     */
    boolean startedOver() {
        return startedOver;
    }

    /** True if the last {@link #scan} found another file under the log's name (rotated, restored from git). */
    boolean replaced() {
        return replaced;
    }

    /** Adds to the line what fits under the cap; returns how many bytes the line grew by. */
    private static int keep(ByteArrayOutputStream line, byte[] chunk, int start, int length) {
        line.write(chunk, start, Math.max(0, Math.min(length, MAX_LINE + 1 - line.size())));
        return length;
    }

    /** Skips what the file holds now, so that only lines appended later are read. */
    void skipToEnd() throws IOException {
        scan((number, text) -> {
        });
    }

    /** Bytes of a last line that has no line end yet (0 if the last line is complete). */
    long pendingBytes() {
        return pendingBytes;
    }

    /** Number of complete lines read so far; the pending line, if any, is number this + 1. */
    long linesRead() {
        return linesRead;
    }

    /** Receives one complete line (without its line end) and its number, counting from 1. */
    @FunctionalInterface
    interface LineConsumer {
        void accept(long number, String text);

        /** A line longer than {@link #MAX_LINE} bytes: its number, length and start. */
        default void tooLong(long number, long bytes, String start) {
        }
    }

    /** A consumer of decoded events and unreadable lines, shared by the reader and the follower. */
    static LineConsumer decoding(Path file, EventFilter filter, Consumer<Event> onEvent,
                                 Consumer<UnreadableLine> onUnreadable) {
        return new LineConsumer() {
            @Override
            public void accept(long number, String text) {
                if (text.isBlank()) {
                    return;
                }
                Event event;
                try {
                    event = EventCodec.decode(text);
                } catch (IllegalArgumentException e) {
                    onUnreadable.accept(UnreadableLine.of(file, number, e.getMessage(), text));
                    return;
                }
                if (filter.test(event)) {
                    onEvent.accept(event);
                }
            }

            @Override
            public void tooLong(long number, long bytes, String start) {
                onUnreadable.accept(UnreadableLine.of(file, number, "a line of " + bytes + " bytes, longer than an "
                        + "event can be (" + MAX_LINE + " bytes)", start));
            }
        };
    }
}
