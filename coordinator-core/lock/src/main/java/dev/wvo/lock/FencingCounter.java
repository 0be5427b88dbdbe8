package dev.wvo.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The last fencing token handed out for a resource, kept in the resource's guard file as a
 * fixed-width decimal line. It is read and advanced only while the guard is held, so two
 * acquisitions can never get the same token, and it survives process restarts with the file.
 */
final class FencingCounter {

    /** Made at the first line logged, not with the class: as {@code FileLockManager}'s, for short-lived programs. */
    private static final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(FencingCounter.class);

        private Log() {
        }
    }

    private static final int WIDTH = 19; // Long.MAX_VALUE has 19 digits; fixed width means no truncate

    private FencingCounter() {
    }

    /**
     * Advances the counter in {@code guard} and returns the new token.
     *
     * @param floor a token known to have been handed out (the largest in the current lock record);
     *              the result is always greater, even if the counter was damaged
     */
    static long next(FileChannel guard, long floor, String resource) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(WIDTH + 1);
        int read = guard.read(buffer, 0);
        long next;
        if (read <= 0) {
            next = floor + 1; // a new guard file: the first token of this resource
        } else {
            String text = new String(buffer.array(), 0, read, StandardCharsets.US_ASCII).strip();
            long last = parse(text);
            if (last < 0) {
                // The counter is damaged (edited by hand, or a torn write after a power cut).
                // Time in microseconds is larger than any count this counter can have reached,
                // so the tokens handed out from here on stay above every earlier one.
                next = Math.max(floor + 1, System.currentTimeMillis() * 1000);
                Log.LOG.warn("Fencing counter of lock '{}' was unreadable ('{}'); continuing from {}", resource, text, next);
            } else {
                next = Math.max(last, floor) + 1;
            }
        }
        // zero-padded by hand: String.format costs more than the rest of the step in C1-compiled code
        String digits = Long.toString(next);
        String line = "0".repeat(WIDTH - digits.length()) + digits + "\n";
        guard.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)), 0);
        return next;
    }

    private static long parse(String text) {
        if (text.isEmpty() || text.length() > WIDTH) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
