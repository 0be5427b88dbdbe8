package dev.wvo.fs;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A state file that wvo will not read as it stands: larger than such a file can be, not a file,
 * or not UTF-8 text. The message names the file (and line and column where there is one) and
 * says what to do; nothing was changed.
 */
public class UnreadableStateFileException extends IOException {

    private final Path file;
    private final int line;
    private final int column;

    UnreadableStateFileException(Path file, int line, int column, String problem) {
        super(file + (line > 0 ? ":" + line + ":" + column : "") + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the problem, or 0 if it concerns the whole file. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or 0 if it concerns the whole file. */
    public int column() {
        return column;
    }

    /** The problem without the file's name and position. */
    public String problem() {
        String message = getMessage();
        String prefix = file + (line > 0 ? ":" + line + ":" + column : "") + ": ";
        return message.substring(prefix.length());
    }
}
