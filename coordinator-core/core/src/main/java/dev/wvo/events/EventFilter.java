package dev.wvo.events;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which events to show: an event passes if it matches every criterion given; a null or empty
 * criterion lets every event through.
 *
 * @param task   only events of this task
 * @param worker only events of this worker
 * @param types  only events of these types ({@link EventType#id()} strings)
 */
public record EventFilter(String task, String worker, Set<String> types) implements Predicate<Event> {

    /** The filter that lets every event through. */
    public static final EventFilter ALL = new EventFilter(null, null, Set.of());

    public EventFilter {
        types = types == null ? Set.of() : Set.copyOf(types);
    }

    /** This filter, restricted to {@code task}. */
    public EventFilter withTask(String task) {
        return new EventFilter(task, worker, types);
    }

    /** This filter, restricted to {@code worker}. */
    public EventFilter withWorker(String worker) {
        return new EventFilter(task, worker, types);
    }

    /** This filter, restricted to the given types. */
    public EventFilter withTypes(EventType... types) {
        return new EventFilter(task, worker, Arrays.stream(types).map(EventType::id).collect(Collectors.toSet()));
    }

    @Override
    public boolean test(Event event) {
        return (task == null || task.equals(event.task()))
                && (worker == null || worker.equals(event.worker()))
                && (types.isEmpty() || types.contains(event.type()));
    }
}
