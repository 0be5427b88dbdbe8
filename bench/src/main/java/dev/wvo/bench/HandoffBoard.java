package dev.wvo.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A few shared words in a memory-mapped file, outside the lock directory, through which the
 * ping-pong processes learn that another process took the lock (so that a releaser does not
 * barge back in before a waiter had its turn) and that the run is over. Nothing here takes part
 * in the locking being measured.
 */
final class HandoffBoard {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int TOKEN = 0;
    private static final int STOP = 8;

    private final MappedByteBuffer words;

    private HandoffBoard(MappedByteBuffer words) {
        this.words = words;
    }

    static HandoffBoard open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return new HandoffBoard(channel.map(FileChannel.MapMode.READ_WRITE, 0, 16));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot map the hand-off board " + file, e);
        }
    }

    /** The fencing token of the latest acquisition any process announced. */
    long token() {
        return (long) LONGS.getVolatile(words, TOKEN);
    }

    void announce(long token) {
        LONGS.setVolatile(words, TOKEN, token);
    }

    boolean stopped() {
        return (long) LONGS.getVolatile(words, STOP) != 0;
    }

    void stop() {
        LONGS.setVolatile(words, STOP, 1L);
    }
}
