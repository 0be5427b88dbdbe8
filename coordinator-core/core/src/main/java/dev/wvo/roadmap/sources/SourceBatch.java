package dev.wvo.roadmap.sources;

import java.util.List;

/**
 * What a source file gives: its records as tasks, in file order, and what was left out and why
 * (an epic, a deleted record), for the person who imports it.
 */
public record SourceBatch(List<ImportedTask> tasks, List<String> notes) {

    public SourceBatch {
        tasks = List.copyOf(tasks);
        notes = List.copyOf(notes);
    }
}
