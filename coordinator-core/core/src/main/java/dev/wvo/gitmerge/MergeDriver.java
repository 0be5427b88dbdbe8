package dev.wvo.gitmerge;

import java.util.Locale;

/** The files wvo merges for git, each with its merge driver's name in git's configuration. */
public enum MergeDriver {
    ROADMAP("roadmap.yaml", "wvo roadmap merge, by task and field"),
    CONTEXT("context.md", "wvo context merge, by section"),
    EVENTS("events.jsonl", "wvo event log merge, union by time");

    private final String fileName;
    private final String description;

    MergeDriver(String fileName, String description) {
        this.fileName = fileName;
        this.description = description;
    }

    /** The argument of {@code wvo merge-driver}: {@code roadmap}, {@code context} or {@code events}. */
    public String kind() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name in {@code .gitattributes} ({@code merge=wvo-roadmap}) and in {@code merge.wvo-roadmap.driver}. */
    public String gitName() {
        return "wvo-" + kind();
    }

    /** The file's name in the state directory. */
    public String fileName() {
        return fileName;
    }

    /** The {@code merge.<name>.name} git shows. */
    public String description() {
        return description;
    }
}
