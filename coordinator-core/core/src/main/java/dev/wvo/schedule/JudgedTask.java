package dev.wvo.schedule;

import java.util.List;

/**
 * What {@link Runnability} reads of a task to judge whether it may start. A {@link TaskState}
 * answers from its view, which a claim needs anyway; a roadmap's task can answer from its fields
 * without one ({@code RoadmapBoardStore.blockersOf}): {@code wvo task list} judges every task of a
 * roadmap and shows a few fields of each, and a view made per task only to be judged was its
 * largest cost on 10,000 tasks (docs/performance.md, "CLI start-up on a 10,000-task roadmap").
 * Both must answer alike for the same task: the rules read nothing else.
 */
public interface JudgedTask {

    String id();

    /** The status as written, {@code pending} when none is. */
    String status();

    /** The current claim, or null. */
    Claim claim();

    int attempts();

    int maxAttempts();

    /** Roadmap problems of this entry; a task with any never runs. */
    List<String> problems();

    /** Ids of the tasks that must be done first. */
    List<String> dependencies();

    /** The paths or globs it changes; empty means the whole workspace. */
    List<String> owns();

    boolean readonly();

    /** Its {@code merge:} field as text ({@link Runnability#MERGE_QUEUED}, ...), or null. */
    String merge();

    /** Its {@code branch:} field as text, or null. */
    String branch();
}
