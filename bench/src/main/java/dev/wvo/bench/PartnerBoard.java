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
 * Three shared words in a memory-mapped file through which a benchmark tells its partner process
 * what to do next and learns when it is done, in microseconds and without touching the locks being
 * measured. Requests are numbered from 1: an odd request means "acquire", an even one "release",
 * a negative one "stop".
 */
final class PartnerBoard {

    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int REQUEST = 0;
    private static final int ENTERING = 8;
    private static final int DONE = 16;

    private final MappedByteBuffer words;

    private PartnerBoard(MappedByteBuffer words) {
        this.words = words;
    }

    static PartnerBoard open(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return new PartnerBoard(channel.map(FileChannel.MapMode.READ_WRITE, 0, 24));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot map the partner board " + file, e);
        }
    }

    long request() {
        return (long) LONGS.getVolatile(words, REQUEST);
    }

    void request(long n) {
        LONGS.setVolatile(words, REQUEST, n);
    }

    /** The acquire request the partner is about to wait in. */
    long entering() {
        return (long) LONGS.getVolatile(words, ENTERING);
    }

    void entering(long n) {
        LONGS.setVolatile(words, ENTERING, n);
    }

    /** The last request the partner carried out. */
    long done() {
        return (long) LONGS.getVolatile(words, DONE);
    }

    void done(long n) {
        LONGS.setVolatile(words, DONE, n);
    }

    /**
     * Waits until {@code word} reaches {@code n}, yielding the core between looks: on a two-core
     * machine a tight spin would take the core that the process being waited for needs.
     */
    static void awaitAtLeast(java.util.function.LongSupplier word, long n) {
        while (word.getAsLong() < n) {
            Thread.yield();
        }
    }
}
