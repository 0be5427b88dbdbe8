package dev.wvo.schedule;

import dev.wvo.events.Event;
import dev.wvo.events.EventLog;
import dev.wvo.spi.TaskView;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A roadmap held in memory, with serialized transactions: the scheduler's logic without the file. */
public final class InMemoryBoard implements TaskBoardStore {

    private List<TaskState> tasks;
    final List<String> log = new ArrayList<>();
    /** The events of committed transactions, in order. */
    public final List<Event> events = new ArrayList<>();
    private EventLog eventLog;

    public InMemoryBoard(List<TaskState> tasks) {
        this.tasks = new ArrayList<>(tasks);
    }

    /** This board, appending the events of its transactions to {@code log} too, as the roadmap store does. */
    public InMemoryBoard loggingTo(EventLog eventLog) {
        this.eventLog = eventLog;
        return this;
    }

    public static TaskState task(String id, int priority, List<String> deps, List<String> owns, boolean readonly, int order) {
        TaskView view = TaskView.builder(id).title("title " + id).priority(priority).dependencies(deps).owns(owns)
                .readonly(readonly).attempt(0).build();
        return new TaskState(view, 0, 3, null, List.of(), order);
    }

    public synchronized List<TaskState> snapshot() {
        return List.copyOf(tasks);
    }

    @Override
    public synchronized List<TaskState> tasks() {
        return snapshot();
    }

    public synchronized TaskState get(String id) {
        return tasks.stream().filter(t -> t.id().equals(id)).findFirst().orElseThrow();
    }

    @Override
    public synchronized <T> T update(Function<TaskBoard, T> change) {
        List<TaskState> working = new ArrayList<>(tasks);
        List<Event> logged = new ArrayList<>();
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
            public void record(String taskId, Map<String, Object> fields) {
                replace(taskId, t -> {
                    Map<String, Object> extra = new java.util.LinkedHashMap<>(t.view().extra());
                    fields.forEach((k, v) -> {
                        if (v == null) {
                            extra.remove(k);
                        } else {
                            extra.put(k, v);
                        }
                    });
                    return new TaskState(t.view().toBuilder().extra(extra).build(), t.attempts(), t.maxAttempts(),
                            t.claim(), t.problems(), t.fileOrder());
                });
                log.add("record " + taskId + " " + fields.keySet());
            }

            @Override
            public void log(Event event) {
                logged.add(event);
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
        events.addAll(logged);
        if (eventLog != null) {
            logged.forEach(eventLog::append);
        }
        return result;
    }

    private static TaskView status(TaskView v, String status) {
        return v.toBuilder().status(status).build();
    }
}
