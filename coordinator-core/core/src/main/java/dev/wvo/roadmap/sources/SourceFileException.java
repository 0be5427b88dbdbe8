package dev.wvo.roadmap.sources;

import java.util.List;

/** A source file with records that cannot be imported: every one of them, so that one fix-up covers them all. */
public final class SourceFileException extends RuntimeException {

    private final transient List<SourceProblem> problems;

    public SourceFileException(List<SourceProblem> problems) {
        super(problems.size() == 1 ? problems.get(0).toString()
                : problems.get(0) + " (and " + (problems.size() - 1) + " more)");
        this.problems = List.copyOf(problems);
    }

    /** The problems in file order. */
    public List<SourceProblem> problems() {
        return problems;
    }
}
