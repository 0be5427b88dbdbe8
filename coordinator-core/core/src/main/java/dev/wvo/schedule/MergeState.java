package dev.wvo.schedule;

/**
 * A task's {@code branch:} and {@code merge:} fields: where its work waits to land on the target
 * branch and how far it got ({@code queued}, {@code merged}, {@code conflict}, {@code test_failed}).
 * A null value means the field is absent.
 */
public record MergeState(String branch, String merge) {

    /** Neither field: the task's work is on the target, or it has none to merge. */
    public static final MergeState NONE = new MergeState(null, null);

    /** The branch waits in the merge queue. */
    public static MergeState queued(String branch) {
        return new MergeState(branch, Runnability.MERGE_QUEUED);
    }

    /** The state a task's fields record. */
    public static MergeState of(TaskState task) {
        Object branch = task.view().extra().get("branch");
        Object merge = task.view().extra().get("merge");
        return new MergeState(branch == null ? null : branch.toString(), merge == null ? null : merge.toString());
    }

    /** True if the task's work stands on {@code branch}. */
    public boolean on(String branch) {
        return branch.equals(this.branch);
    }
}
