package dev.wvo.cli.render;

/**
 * Text from the state files (task ids and titles, worker ids, summaries, event details, error
 * messages naming them) made safe to print on a terminal. Anyone, an agent included, can put an
 * ESC in {@code roadmap.yaml}: printed raw, {@code T\e[2J} clears the user's screen and a newline
 * in an id forges a line of output. Every control character and every Unicode direction override
 * is shown as an escape instead ({@code \e}, {@code \n}, {@code \x07}, {@code \u202e}), so what
 * the terminal shows is the text, and the text alone. wvo's own colours are added after this, by
 * {@link Palette}.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code text} for one line: every control character escaped, line breaks included. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** {@code text} that may span lines: line breaks and tabs kept, every other control character escaped. */
    public static String lines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLineBreaks) {
        if (text == null || isSafe(text, keepLineBreaks)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (!isUnsafe(c, keepLineBreaks)) {
                out.appendCodePoint(c);
                return;
            }
            switch (c) {
                case 0x1b -> out.append("\\e");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c <= 0xff ? String.format("\\x%02x", c) : String.format("\\u%04x", c));
            }
        });
        return out.toString();
    }

    /**
     * Whether no character needs escaping, checked char by char without a stream (a task list
     * checks tens of thousands of cells): every unsafe character is in the Basic Multilingual
     * Plane, so the halves of a surrogate pair are never taken for one.
     */
    private static boolean isSafe(String text, boolean keepLineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            if (isUnsafe(text.charAt(i), keepLineBreaks)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUnsafe(int c, boolean keepLineBreaks) {
        if (keepLineBreaks && (c == '\n' || c == '\t')) {
            return false;
        }
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1 (0x9b is a one-byte CSI)
                || c == 0x061c || c == 0x200e || c == 0x200f // direction marks
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069); // embeddings, overrides, isolates
    }
}
