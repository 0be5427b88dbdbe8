package dev.wvo.roadmap;

import java.nio.file.Path;

/**
 * The roadmap cannot be used at all: a YAML syntax error, a truncated or binary file, or a
 * document of the wrong shape. The message reads {@code path:line:column: what is wrong}, then
 * what to do. Nothing was written.
 */
public class RoadmapException extends RuntimeException {

    private final Path file;
    private final int line;
    private final int column;

    public RoadmapException(Path file, int line, int column, String problem) {
        super(file + ":" + line + ":" + column + ": " + problem);
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public Path file() {
        return file;
    }

    /** 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem. */
    public int column() {
        return column;
    }
}
