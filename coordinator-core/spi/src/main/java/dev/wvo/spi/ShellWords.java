package dev.wvo.spi;

import java.util.ArrayList;
import java.util.List;

/**
 * Argument lists written as one string, the way a POSIX shell splits them, without running a
 * shell: words separated by blanks; {@code 'single quotes'} keep everything literally;
 * {@code "double quotes"} keep everything but {@code \"}, {@code \\}, {@code \$} and
 * {@code \`}, which lose their backslash; a backslash outside quotes keeps the next character.
 * No expansion of any kind happens ({@code $HOME}, {@code *}, {@code ~} stay as written).
 * {@code extra_args: --append-system-prompt 'be brief'} is two arguments.
 */
public final class ShellWords {

    private ShellWords() {
    }

    /**
     * @throws IllegalArgumentException naming the quote that is not closed, or a trailing backslash
     */
    public static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = text.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("The single quote at character " + (i + 1) + " of `" + text
                            + "` is not closed: close it, or write \\' for a quote in the argument");
                }
                word.append(text, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(text, i, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= text.length()) {
                    throw new IllegalArgumentException("`" + text + "` ends with a backslash: remove it, or write \\\\");
                }
                word.append(text.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** The words as one string that {@link #split} turns back into them: each quoted where it needs to be. */
    public static String join(List<String> words) {
        StringBuilder out = new StringBuilder();
        for (String w : words) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(quote(w));
        }
        return out.toString();
    }

    /** One word, single-quoted unless it is made only of characters no shell treats specially. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(ch -> Character.isLetterOrDigit(ch) || "-_=.,/:@%+".indexOf(ch) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    private static int doubleQuoted(String text, int open, StringBuilder word) {
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < text.length() && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
                word.append(text.charAt(i + 1));
                i += 2;
            } else {
                word.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("The double quote at character " + (open + 1) + " of `" + text
                + "` is not closed: close it, or write \\\" for a quote in the argument");
    }
}
