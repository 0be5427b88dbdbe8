package dev.wvo.roadmap;

import java.nio.charset.StandardCharsets;

/**
 * The text of a roadmap whose bytes are all ASCII, read from those bytes: a char per byte. A
 * transaction on a 2 MB roadmap looks at its text only near the few tasks that changed, yet
 * made two strings of it (the text read, the text written), each a 2 MB copy and 2 MB of
 * garbage; with this view it keeps the bytes alone and makes a string only of a changed piece,
 * or of the whole when a caller asks for {@link Roadmap#text()}.
 *
 * <p>The bytes are never changed: they are the ones read from the file or about to be written.
 */
final class AsciiText implements CharSequence {

    private final byte[] bytes;

    /** @param bytes ASCII bytes without a NUL, which the caller has checked */
    AsciiText(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int length() {
        return bytes.length;
    }

    @Override
    public char charAt(int index) {
        return (char) bytes[index];
    }

    /** The chars from {@code start} to {@code end} as a string of their own. */
    @Override
    public String subSequence(int start, int end) {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The whole text as a string: a copy of all of it. */
    @Override
    public String toString() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Where {@code c} first stands in {@code text} at or after {@code from}, or -1: {@link String#indexOf(int, int)} for any text. */
    static int indexOf(CharSequence text, char c, int from) {
        if (text instanceof String s) {
            return s.indexOf(c, from);
        }
        for (int i = Math.max(from, 0); i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Where {@code c} last stands in {@code text} at or before {@code from}, or -1: {@link String#lastIndexOf(int, int)} for any text. */
    static int lastIndexOf(CharSequence text, char c, int from) {
        if (text instanceof String s) {
            return s.lastIndexOf(c, from);
        }
        for (int i = Math.min(from, text.length() - 1); i >= 0; i--) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
