package dev.wvo.roadmap;

import java.util.Arrays;

/**
 * Converts between the code point indexes that SnakeYAML's marks count in and the char indexes
 * of a Java string; the two differ only after a character outside the Basic Multilingual Plane
 * (an emoji, say), which takes two chars.
 */
final class CodePoints {

    private static final CodePoints SAME = new CodePoints(null);

    /** For each code point index, its char index; null when the two are the same. */
    private final int[] charIndex;

    private CodePoints(int[] charIndex) {
        this.charIndex = charIndex;
    }

    /** For a text known to have no character outside the Basic Multilingual Plane. */
    static CodePoints same() {
        return SAME;
    }

    static CodePoints of(String text) {
        if (!hasSurrogates(text, 0, text.length())) {
            return SAME;
        }
        int[] table = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            table[cp++] = i;
        }
        table[cp] = text.length();
        return new CodePoints(table);
    }

    static boolean hasSurrogates(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** True when code point and char indexes are the same throughout. */
    boolean isIdentity() {
        return charIndex == null;
    }

    /** The char index of a code point index. */
    int charIndex(int codePoint) {
        return charIndex == null ? codePoint : charIndex[codePoint];
    }

    /** The code point index of a char index that starts a code point. */
    int codePointIndex(int charPos) {
        if (charIndex == null) {
            return charPos;
        }
        int found = Arrays.binarySearch(charIndex, charPos);
        if (found < 0) {
            throw new IllegalArgumentException("char index " + charPos + " is inside a code point");
        }
        return found;
    }
}
