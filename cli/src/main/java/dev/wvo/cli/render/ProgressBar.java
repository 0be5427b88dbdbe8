package dev.wvo.cli.render;

import java.util.function.UnaryOperator;

/** {@code [######........]}: how much of a whole is done, in a fixed width; every view draws it this way. */
public final class ProgressBar {

    private ProgressBar() {
    }

    /**
     * @param done   how many are done
     * @param total  of how many (0 draws an empty bar)
     * @param width  the characters between the brackets
     * @param filled the style of the done part (a colour, or none)
     */
    public static String of(int done, int total, int width, UnaryOperator<String> filled) {
        int n = total == 0 ? 0 : Math.min(width, done * width / total);
        return "[" + filled.apply("#".repeat(n)) + ".".repeat(width - n) + "]";
    }

    /** The done share in whole percent. */
    public static int percent(int done, int total) {
        return total == 0 ? 0 : done * 100 / total;
    }
}
