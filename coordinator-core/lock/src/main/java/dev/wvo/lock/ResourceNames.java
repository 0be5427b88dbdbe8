package dev.wvo.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * Maps any resource name to a safe, flat file name and back.
 *
 * <p>The name's UTF-8 bytes are kept when they are ASCII letters, digits, {@code _} or {@code -},
 * or a {@code .} that is not the first character; every other byte becomes {@code %XX}. So the
 * result has no separator, no NUL, never starts with a dot (no {@code .}, {@code ..}, no hidden
 * files, and our temp files, which start with a dot, cannot collide with it) and cannot leave the
 * lock directory. Names whose encoding would exceed {@link #MAX_ENCODED} characters keep a prefix
 * and end in {@code ~} plus a SHA-256 digest of the whole name ({@code ~} is never produced by the
 * encoding itself); their original name is read back from the lock record.
 */
public final class ResourceNames {

    /** Longest encoded name, leaving room under the usual 255-byte limit for suffixes. */
    static final int MAX_ENCODED = 180;
    private static final int HASHED_PREFIX = 120;
    private static final int DIGEST_HEX = 40;

    private ResourceNames() {
    }

    /**
     * @throws IllegalArgumentException if the name is empty or not valid Unicode text (an unpaired
     *                                  surrogate, which UTF-8 cannot carry and which would otherwise
     *                                  share a file with another name)
     */
    public static String encode(String resource) {
        Objects.requireNonNull(resource, "resource");
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("A lock resource name must not be empty");
        }
        byte[] bytes;
        try {
            java.nio.ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(resource));
            bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("A lock resource name must be valid Unicode text: " + resource.strip());
        }
        StringBuilder out = new StringBuilder(bytes.length + 8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (isKept(b, i == 0)) {
                out.append((char) b);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        if (out.length() <= MAX_ENCODED) {
            return out.toString();
        }
        int cut = HASHED_PREFIX;
        // never cut an escape in half: back up to the start of a %XX
        while (cut > 0 && (out.charAt(cut - 1) == '%' || (cut > 1 && out.charAt(cut - 2) == '%'))) {
            cut--;
        }
        return out.substring(0, cut) + "~" + sha256(bytes).substring(0, DIGEST_HEX);
    }

    /**
     * The resource name an encoded file name stands for, or empty if it was shortened with a digest
     * (then only the lock record knows it) or is not an encoding at all.
     */
    public static Optional<String> decode(String encoded) {
        if (encoded.isEmpty() || encoded.indexOf('~') >= 0 || encoded.charAt(0) == '.') {
            return Optional.empty();
        }
        byte[] out = new byte[encoded.length()];
        int n = 0;
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                if (i + 2 >= encoded.length()) {
                    return Optional.empty();
                }
                int hi = Character.digit(encoded.charAt(i + 1), 16);
                int lo = Character.digit(encoded.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                out[n++] = (byte) ((hi << 4) | lo);
                i += 2;
            } else if (c < 128 && isKept(c, i == 0)) {
                out[n++] = (byte) c;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new String(out, 0, n, StandardCharsets.UTF_8));
    }

    private static boolean isKept(int b, boolean first) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || b == '_' || b == '-' || (b == '.' && !first);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
