package dev.wvo.schedule;

import dev.wvo.spi.TaskView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A roadmap held in memory, with serialized transactions: the scheduler's logic without the file. */
public final class InMemoryBoard implements TaskBoardStore {

    private List<TaskState> tasks;
    final List<String> log = new ArrayList<>();

    public InMemoryBoard(List<TaskState> tasks) {
        this.tasks = new ArrayList<>(tasks);
    }

    public static TaskState task(String id, int priority, List<String> deps, List<String> owns, boolean readonly, int order) {
        TaskView view = new TaskView(id, "title " + id, "", "pending", null, null, priority, deps, List.of(), owns,
                readonly, null, null, null, 0, Map.of());
        return new TaskState(view, 0, 3, null, List.of(), order);
    }

    public synchronized List<TaskState> snapshot() {
        return List.copyOf(tasks);
    }

    public synchronized TaskState get(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    @Override
    public synchronized <T> T update(Function<TaskBoard, T> change) {
        List<TaskState> working = new ArrayList<>(tasks);
        T result = change.apply(new TaskBoard() {
            @Override
            public List<TaskState> tasks() {
                return List.copyOf(working);
            }

            @Override
            public void claim(String taskId, Claim claim) {
                replace(taskId, t -> new TaskState(status(t.view(), "in_progress"), t.attempts(), t.maxAttempts(), claim,
                        t.problems(), t.fileOrder()));
                log.add("claim " + taskId + " " + claim.worker());
            }

            @Override
            public void finish(String taskId, String status, int attempts, Result result) {
                replace(taskId, t -> new TaskState(status(t.view(), status), attempts, t.maxAttempts(), null,
                        t.problems(), t.fileOrder()));
                log.add("finish " + taskId + " " + status + " " + result.outcome());
            }

            @Override
            public void recordMerge(String taskId, String branch, String merge) {
                replace(taskId, t -> {
                    Map<String, Object> extra = new java.util.LinkedHashMap<>(t.view().extra());
                    extra.remove("branch");
                    extra.remove("merge");
                    if (branch != null) {
                        extra.put("branch", branch);
                    }
                    if (merge != null) {
                        extra.put("merge", merge);
                    }
                    TaskView v = t.view();
                    return new TaskState(new TaskView(v.id(), v.title(), v.description(), v.status(), v.domain(),
                            v.epic(), v.priority(), v.dependencies(), v.exitCriteria(), v.owns(), v.readonly(),
                            v.command(), v.prompt(), v.agent(), v.attempt(), extra), t.attempts(), t.maxAttempts(),
                            t.claim(), t.problems(), t.fileOrder());
                });
                log.add("merge " + taskId + " " + merge);
            }

            private void replace(String id, Function<TaskState, TaskState> f) {
                for (int i = 0; i < working.size(); i++) {
                    if (working.get(i).id().equals(id)) {
                        working.set(i, f.apply(working.get(i)));
                        return;
                    }
                }
            }
        });
        tasks = working;
        return result;
    }

    private static TaskView status(TaskView v, String status) {
        return new TaskView(v.id(), v.title(), v.description(), status, v.domain(), v.epic(), v.priority(),
                v.dependencies(), v.exitCriteria(), v.owns(), v.readonly(), v.command(), v.prompt(), v.agent(),
                v.attempt(), v.extra());
    }
}
