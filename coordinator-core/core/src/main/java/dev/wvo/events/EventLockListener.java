package dev.wvo.events;

import dev.wvo.lock.BreakResult;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Records what the lock manager does beyond acquire and release (reclaims from stale holders,
 * garbage removed, breaks, lost locks) as events, and also tells a delegate (by default the
 * logging listener). A failure to write the event is logged, never thrown: the lock operation
 * has already happened and must not fail for want of a log line.
 */
public final class EventLockListener implements LockListener {

    /** Made at the first line logged, not with the listener: as {@code FileLockManager}'s, for short commands. */
    private static final class Logging {
        private static final Logger LOG = LoggerFactory.getLogger(EventLockListener.class);

        private Logging() {
        }
    }

    private final EventLog log;
    private final String worker;
    private final Clock clock;
    private final LockListener delegate;

    /**
     * @param log      where events go
     * @param worker   the worker of this process, recorded as the event's worker (null if none,
     *                 for example {@code wvo unlock} run by a person)
     * @param clock    the time of events
     * @param delegate also told of everything, for example {@link LockListener#LOGGING}
     */
    public EventLockListener(EventLog log, String worker, Clock clock, LockListener delegate) {
        this.log = Objects.requireNonNull(log, "log");
        this.worker = worker;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** A listener that records events and logs as {@link LockListener#LOGGING} does. */
    public EventLockListener(EventLog log, String worker, Clock clock) {
        this(log, worker, clock, LockListener.LOGGING);
    }

    @Override
    public void staleHolderRemoved(String resource, HolderInfo holder) {
        delegate.staleHolderRemoved(resource, holder);
        Map<String, Object> details = resource(resource);
        details.put("holder", holder(holder));
        record(EventType.LOCK_RECLAIM, details);
    }

    @Override
    public void garbageRemoved(String resource, String problem) {
        delegate.garbageRemoved(resource, problem);
        Map<String, Object> details = resource(resource);
        details.put("problem", problem);
        record(EventType.LOCK_GARBAGE_REMOVED, details);
    }

    @Override
    public void lockBroken(String resource, BreakResult result, boolean forced) {
        delegate.lockBroken(resource, result, forced);
        Map<String, Object> details = resource(resource);
        details.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        details.put("forced", forced);
        List<Map<String, Object>> holders = result.holders().stream().map(EventLockListener::holder).toList();
        details.put("holders", holders);
        record(EventType.LOCK_BREAK, details);
    }

    @Override
    public void lockLost(String resource, long token, String why) {
        delegate.lockLost(resource, token, why);
        Map<String, Object> details = resource(resource);
        details.put("token", token);
        details.put("why", why);
        record(EventType.LOCK_LOST, details);
    }

    @Override
    public void releaseOfLostLock(String resource, long token) {
        delegate.releaseOfLostLock(resource, token);
        Map<String, Object> details = resource(resource);
        details.put("token", token);
        record(EventType.LOCK_RELEASE_OF_LOST, details);
    }

    private void record(EventType type, Map<String, Object> details) {
        try {
            log.append(Event.of(clock, type, worker, null, null, details));
        } catch (UncheckedIOException e) {
            Logging.LOG.warn("Could not record {} in the event log: {}", type.id(), e.getMessage());
        }
    }

    private static Map<String, Object> resource(String resource) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("resource", resource);
        return details;
    }

    private static Map<String, Object> holder(HolderInfo holder) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("owner", holder.owner());
        fields.put("host", holder.process().host().hostName());
        fields.put("pid", holder.process().pid());
        fields.put("token", holder.token());
        fields.put("acquiredAt", holder.acquiredAt().toString());
        fields.put("heartbeatAt", holder.heartbeatAt().toString());
        fields.put("staleness", holder.staleness().name().toLowerCase(Locale.ROOT));
        return fields;
    }
}
