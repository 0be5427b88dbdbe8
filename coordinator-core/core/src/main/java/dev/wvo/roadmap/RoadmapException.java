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
    private final String problem;
    private final boolean saysWhatToDo;

    public RoadmapException(Path file, int line, int column, String problem) {
        this(file, line, column, problem, null);
    }

    /** @param advice what to do about it, after the problem; null when there is none */
    RoadmapException(Path file, int line, int column, String problem, String advice) {
        this(file, line, column, problem, advice, advice != null);
    }

    private RoadmapException(Path file, int line, int column, String problem, String advice, boolean saysWhatToDo) {
        super(file + ":" + line + ":" + column + ": " + problem + (advice == null ? "" : ". " + advice));
        this.file = file;
        this.line = line;
        this.column = column;
        this.problem = problem;
        this.saysWhatToDo = saysWhatToDo;
    }

    /** A problem whose own text ends with what to do about it ("...; remove it, or restore roadmap.yaml.bak"). */
    static RoadmapException advising(Path file, int line, int column, String problemAndAdvice) {
        return new RoadmapException(file, line, column, problemAndAdvice, null, true);
    }

    /**
     * Whether the message says what to do, not only what is wrong: a caller adds advice of its own
     * ("fix the file and run the command again") only when it does not, so that none is given twice.
     */
    public boolean saysWhatToDo() {
        return saysWhatToDo;
    }

    /** What is wrong, without where or what to do. */
    public String problem() {
        return problem;
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
