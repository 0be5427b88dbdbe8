package dev.wvo.fs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Strict UTF-8 decoding that says where the first bad byte is, by line and column, so that a
 * person can find a torn or binary region: the one decoder of state files ({@link BoundedRead})
 * and configuration files ({@link TextFile}), which only word their errors differently.
 */
final class StrictUtf8 {

    /**
     * A byte of the input, by position.
     *
     * @param offset its index in the bytes
     * @param line   1-based line
     * @param column 1-based column, in bytes
     * @param value  the byte, 0 to 255
     */
    record Position(int offset, int line, int column, int value) {
    }

    private StrictUtf8() {
    }

    /**
     * The text of {@code bytes}.
     *
     * @param failure the exception to throw for the first bytes that are not UTF-8
     */
    static <E extends Exception> String decode(byte[] bytes, Function<Position, E> failure) throws E {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw failure.apply(at(bytes, in.position()));
        }
        return out.flip().toString();
    }

    /** Where byte {@code offset} of {@code bytes} is. */
    static Position at(byte[] bytes, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Position(offset, line, offset - lineStart + 1, bytes[offset] & 0xFF);
    }
}
