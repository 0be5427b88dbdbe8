package dev.wvo.worker;

import dev.wvo.spi.TaskView;

import java.util.List;

/** What a worker reads from and adds to the shared context ({@code state/context.md}). */
public interface ContextNotes {

    /** The lines of context relevant to a task, for its prompt; kept short. */
    List<String> relevantTo(TaskView task);

    /** Records the end of an attempt as an update-log entry, merged under the context lock. */
    void taskFinished(TaskView task, String worker, String outcome, String summary);
}
