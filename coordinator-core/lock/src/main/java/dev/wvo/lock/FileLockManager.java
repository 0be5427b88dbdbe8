package dev.wvo.lock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Locks kept as files in one directory, shared by every process that uses the directory. The
 * protocol, step by step, with the argument why it holds, is {@code docs/lock-protocol.md}; the
 * lines where a race is closed say so here.
 *
 * <p>In short: every decision about a resource (is it free? is its holder stale? whose entry is
 * this?) and the write that follows it happen under the resource's {@link ResourceGuard}, a
 * short-held kernel lock that the OS frees when a process dies. The long-held lock is the record
 * in {@code E.lock}, which appears and changes only whole ({@link LockFiles}). Holders renew a
 * lease from a background thread; a holder is stale when {@link LivenessRules} says so. Every
 * acquisition takes the next value of the resource's {@link FencingCounter}; release and renewal
 * match the holder entry by that token, so a handle can only ever remove its own entry.
 *
 * <p>Not re-entrant: a thread that acquires an exclusive lock it already holds waits for itself.
 */
public final class FileLockManager implements LockManager {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** A waiting exclusive request keeps shared acquirers out for this long after its last refresh. */
    static final Duration WAITER_TTL = Duration.ofSeconds(2);
    /** A waiter's entry is written again once it is this old (each rewrite wakes the resource's shared waiters). */
    private static final Duration WAITER_REFRESH = WAITER_TTL.dividedBy(4);
    /** A process's wake file untouched this long is removed by the next cleaning: its process crashed, or waited long ago. */
    private static final Duration UNTOUCHED_WAKE_FILES = Duration.ofHours(1);
    /**
     * How long a step waits for another process's step on the same resource (microseconds, as a
     * rule) before it fails with {@link GuardBusyException}: longer means that process is stopped
     * in the middle of its step. An {@code acquire} with a timeout waits as long as its timeout.
     */
    static final Duration GUARD_PATIENCE = Duration.ofSeconds(10);

    /**
     * The logger, made at the first line logged rather than with the first manager: a short-lived
     * program (a {@code wvo status}) makes a manager and mostly logs nothing, and slf4j's start
     * (finding its provider, reading its configuration from the class path) was 7 % of such a
     * command's main thread (docs/performance.md, "Session 18").
     */
    private static final class Log {
        private static final Logger LOG = LoggerFactory.getLogger(FileLockManager.class);

        private Log() {
        }
    }

    private final LockFiles files;
    private final String owner;
    private final ProcessRef self;
    private final LivenessRules rules;
    private final Clock clock;
    private final Duration lease;
    private final Duration heartbeatInterval;
    private final LockListener listener;
    private final ReleaseSignal signal;
    private final Set<FileLockHandle> held = ConcurrentHashMap.newKeySet();
    /** The waiter entries this manager has in records now: wait id → where. */
    private final Map<String, LockFiles.Paths> waiting = new ConcurrentHashMap<>();
    private final boolean releaseOnShutdown;
    private final AtomicReference<Thread> shutdownHook = new AtomicReference<>();
    private volatile ScheduledExecutorService heartbeat;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final int leftoversAtStart;

    private FileLockManager(Builder b) {
        Path directory = LockFiles.prepareDirectory(b.directory);
        this.files = new LockFiles(directory);
        this.clock = b.clock;
        this.lease = b.lease;
        // a lease of a few milliseconds would make a zero period, which the scheduler refuses
        this.heartbeatInterval = b.heartbeatInterval != null ? b.heartbeatInterval
                : max(b.lease.dividedBy(3), Duration.ofMillis(1));
        this.self = b.process != null ? b.process : ProcessRef.current(b.host);
        this.rules = new LivenessRules(b.host, b.liveness);
        this.owner = b.owner != null ? b.owner : self.pid() + "@" + self.host().hostName();
        this.listener = b.listener;
        this.signal = ReleaseSignal.open(directory, self);
        try {
            // temp files of processes killed mid-write never block anyone, but they pile up: every
            // manager that starts clears what crashes left (each under its resource's guard)
            leftoversAtStart = cleanLeftovers();
        } catch (RuntimeException e) {
            // a manager that fails to start is never closed: it gives its share of the signal back
            // here, or the directory's watcher and this process's wake files outlive every manager
            signal.close(self);
            throw e;
        }
        this.releaseOnShutdown = b.releaseOnShutdown;
        if (releaseOnShutdown) {
            installShutdownHook();
        }
    }

    /** A manager of the locks in {@code directory} (created if missing). */
    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    public Path directory() {
        return files.directory();
    }

    /** How many crash leftovers this manager removed when it started (see {@link #cleanLeftovers()}). */
    public int leftoversRemovedAtStart() {
        return leftoversAtStart;
    }

    public String owner() {
        return owner;
    }

    /** {@code file:<lock directory>}: tokens count per guard file in this directory. */
    @Override
    public String tokenScope() {
        return "file:" + files.directory();
    }

    public Duration lease() {
        return lease;
    }

    Instant now() {
        return clock.instant();
    }

    // ---------------------------------------------------------------- acquire

    @Override
    public Optional<LockHandle> tryAcquire(String resource, LockMode mode) {
        Objects.requireNonNull(mode, "mode");
        return Optional.ofNullable(attempt(files.pathsOf(resource), mode, null, guardDeadline()).handle());
    }

    @Override
    public LockHandle acquire(String resource, LockMode mode, Duration timeout)
            throws LockTimeoutException, InterruptedException {
        Objects.requireNonNull(mode, "mode");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative: " + timeout);
        }
        long timeoutNanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
        LockFiles.Paths paths = files.pathsOf(resource);
        Attempt last = waitFor(paths, mode, System.nanoTime() + timeoutNanos);
        if (last.handle() != null) {
            return last.handle();
        }
        throw new LockTimeoutException(resource, timeout, last.blockers());
    }

    @Override
    public LockHandle acquire(String resource, LockMode mode) throws InterruptedException {
        Objects.requireNonNull(mode, "mode");
        return waitFor(files.pathsOf(resource), mode, Long.MAX_VALUE).handle();
    }

    /**
     * Attempts until acquired or past the deadline. Between attempts it sleeps until its lock file
     * changes, the back-off pause ends, or the blocking holder's lease runs out, whichever is
     * first; a release in another process therefore wakes it at once, a silent death of the
     * holder within one back-off pause.
     */
    private Attempt waitFor(LockFiles.Paths paths, LockMode mode, long deadlineNanos) throws InterruptedException {
        LockRecord.Waiter waiter = mode == LockMode.EXCLUSIVE
                ? new LockRecord.Waiter(owner, UUID.randomUUID().toString(), self, now()) : null;
        if (waiter != null) {
            // a Ctrl-C while waiting must not leave the entry behind: the hook withdraws it
            installShutdownHook();
            waiting.put(waiter.waitId(), paths);
        }
        // Counted from before the first attempt: no change after an attempt's read goes unseen.
        ReleaseSignal.Changes changes = signal.startWaiting(paths.encoded());
        Backoff backoff = new Backoff();
        boolean acquired = false;
        boolean attempted = false; // a waiter entry can exist only once an attempt got through the guard
        boolean watching = false;
        Attempt last = null;
        try {
            while (true) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted while waiting for lock '" + paths.resource() + "'");
                }
                // Read the generation before the attempt: a change between the attempt and the
                // wait moves it, and the wait returns at once instead of missing a release.
                long seen = changes.generation();
                Attempt attempt;
                try {
                    attempt = attempt(paths, mode, waiter,
                            deadlineNanos == Long.MAX_VALUE ? ResourceGuard.FOREVER : deadlineNanos);
                } catch (GuardBusyException busy) {
                    if (last == null) {
                        throw busy; // busy for the whole wait: a process stopped inside a step, named (W3)
                    }
                    // The deadline came while another process was inside a step (descheduled on a
                    // busy machine, or paused by its collector): the guard was busy for a moment,
                    // the lock itself was not free in time, as the attempts before found. A timeout,
                    // which callers wait out again, not a stopped process (4.2, step 3).
                    return last;
                }
                last = attempt;
                attempted = true;
                if (attempt.handle() != null) {
                    acquired = true;
                    return attempt;
                }
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return attempt;
                }
                if (!watching) {
                    signal.watchOtherProcesses(waiter != null);
                    watching = true;
                    if (signal.hearsEveryChange(waiter != null)) {
                        // every release is announced: a short pause would only look at a record
                        // that did not change, on the cores the holder needs (section 8)
                        backoff.startAtCeiling();
                    }
                    // a release before the watch started would go unseen: look again before sleeping
                    seen = changes.generation();
                    if (waiter == null || !attemptWouldChangeNothing(paths, waiter)) {
                        continue;
                    }
                }
                // Until the next attempt: sleep until the lock file changes, the back-off pause
                // ends or the first lease runs out; then look at the file, without the guard, and
                // sleep on while an attempt could only fail and write nothing (4.2, step 5).
                do {
                    long pause = Math.min(backoff.nextNanos(), deadlineNanos - System.nanoTime());
                    if (pause <= 0) {
                        break;
                    }
                    if (attempt.nextExpiry() != null) {
                        long untilExpiry = Duration.between(now(), attempt.nextExpiry()).toNanos() + 1_000_000;
                        pause = Math.max(0, Math.min(pause, untilExpiry));
                    }
                    changes.await(seen, pause);
                    seen = changes.generation(); // before the look at the file, as before an attempt
                } while (waiter != null && attemptWouldChangeNothing(paths, waiter));
            }
        } finally {
            if (watching) {
                signal.stopWatching(waiter != null);
            }
            signal.stopWaiting(changes);
            if (waiter != null) {
                waiting.remove(waiter.waitId());
                if (!acquired && attempted) {
                    withdraw(paths, waiter.waitId());
                }
            }
        }
    }

    /**
     * Whether an exclusive attempt now would fail and write nothing, judged from the lock file as
     * it stands, read without the guard (every record is written whole): a live holder, or a
     * live waiter queued ahead, blocks it (4.1 step 4); every entry is alive, so none would be
     * dropped; and the caller's own entry is there and not due for its refresh. Then the attempt
     * is not worth the guard. Only the attempt decides anything: a wrong "no" costs an attempt,
     * and the file cannot change unseen after this look, since the generation the next sleep
     * waits on was read before it.
     */
    private boolean attemptWouldChangeNothing(LockFiles.Paths paths, LockRecord.Waiter waiter) {
        if (!waiting.containsKey(waiter.waitId())
                || !(files.readQuietly(paths) instanceof LockFiles.Present present)) {
            return false;
        }
        LockRecord record = present.record();
        Instant now = now();
        Optional<LockRecord.Waiter> mine = record.waiting().stream()
                .filter(w -> w.waitId().equals(waiter.waitId())).findFirst();
        return mine.isPresent() && !now.isAfter(mine.get().refreshedAt().plus(WAITER_REFRESH))
                && (!record.holders().isEmpty() || !waitersAhead(record, waiter.waitId()).isEmpty())
                && record.holders().stream()
                .allMatch(h -> rules.judge(h.process(), h.heartbeatAt(), h.lease(), now) == Liveness.ALIVE)
                && record.waiting().stream()
                .allMatch(w -> rules.judge(w.process(), w.refreshedAt(), WAITER_TTL, now) == Liveness.ALIVE);
    }

    /** What one attempt found: the handle if acquired, else the holders that block and when the first lease ends. */
    private record Attempt(FileLockHandle handle, List<HolderInfo> blockers, Instant nextExpiry) {
    }

    /** One attempt to take the lock, entirely under the resource's guard. */
    private Attempt attempt(LockFiles.Paths paths, LockMode mode, LockRecord.Waiter waiter, long guardDeadline) {
        checkOpen();
        // what to do once the guard is released: tell the listener, wake the waiters a dropped entry kept out
        List<Runnable> afterGuard = new ArrayList<>();
        Attempt result = guarded(paths, guardDeadline, guard -> {
            Instant now = now();
            LockRecord current = readClearingGarbage(paths, afterGuard);
            // Stale holders are judged and dropped here, under the guard, in the same step that
            // writes the result. A second reclaimer that judged the same holder stale waits for
            // the guard and then reads the record this step wrote, in which the stale holder is
            // gone and the new holder is live: it cannot break the new holder's lock. (race a)
            LockRecord record = current == null ? null : dropStale(current, now, afterGuard);
            if (record != null && (record.holders().size() < current.holders().size()
                    || record.waiting().size() < current.waiting().size())) {
                // a dead holder, or a dead waiter at the head, may have kept a live waiter out:
                // it sleeps until a release, and this is one (a waiter's wake file, section 8)
                afterGuard.add(() -> signal.changed(paths.encoded()));
            }
            List<LockRecord.Holder> holders = record == null ? List.of() : record.holders();
            List<LockRecord.Waiter> otherWaiters = record == null ? List.of()
                    : record.waiting().stream().filter(w -> waiter == null || !w.waitId().equals(waiter.waitId())).toList();

            // Waiting exclusive requests are served in the order they first wrote their entries:
            // without it, a process that releases and asks again at once takes the lock back
            // before the waiters its release woke can look, again and again.
            List<LockRecord.Waiter> ahead = waiter == null || record == null ? List.of() : waitersAhead(record, waiter.waitId());
            boolean free = mode == LockMode.EXCLUSIVE
                    ? holders.isEmpty() && ahead.isEmpty()
                    // shared holders coexist, but never overtake an exclusive request that waits
                    : (holders.isEmpty() || record.mode() == LockMode.SHARED) && otherWaiters.isEmpty();
            if (free) {
                long token = FencingCounter.next(guard, current == null ? 0 : current.maxToken(), paths.resource());
                List<LockRecord.Holder> newHolders = new ArrayList<>(holders);
                newHolders.add(new LockRecord.Holder(owner, token, self, now, now, lease));
                write(paths, current != null, new LockRecord(paths.resource(), mode, newHolders, otherWaiters));
                FileLockHandle handle = new FileLockHandle(this, paths, mode, token, now, now.plus(lease));
                held.add(handle);
                return new Attempt(handle, List.of(), null);
            }

            LockRecord next = record;
            // Checked under the guard: the shutdown hook takes the wait out of `waiting` before its
            // guarded withdrawal, so an entry written before that step is removed by it, and after
            // it none is written. A command stopped while it waits leaves no waiter behind.
            if (waiter != null && waiting.containsKey(waiter.waitId())) {
                next = withFreshWaiter(record, waiter, now);
            }
            if (!next.equals(current)) {
                write(paths, true, next);
            }
            List<HolderInfo> blockers = holders.stream().map(h -> info(h, Liveness.ALIVE)).toList();
            Instant nextExpiry = holders.stream().map(h -> h.heartbeatAt().plus(h.lease()))
                    .min(Comparator.naturalOrder()).orElse(null);
            return new Attempt(null, blockers, nextExpiry);
        });
        afterGuard.forEach(Runnable::run);
        if (result.handle() != null) {
            startHeartbeat();
        }
        return result;
    }

    /**
     * The record with this waiter's entry added at the end of the queue, or refreshed in its
     * place if it is getting old.
     */
    private static LockRecord withFreshWaiter(LockRecord record, LockRecord.Waiter waiter, Instant now) {
        Optional<LockRecord.Waiter> mine = record.waiting().stream()
                .filter(w -> w.waitId().equals(waiter.waitId())).findFirst();
        // Refresh only when a quarter of the TTL has passed: each rewrite is a file event (for
        // shared waiters), and waiters refreshing on every wake-up could keep waking each other.
        if (mine.isPresent() && !now.isAfter(mine.get().refreshedAt().plus(WAITER_REFRESH))) {
            return record;
        }
        LockRecord.Waiter fresh = new LockRecord.Waiter(waiter.owner(), waiter.waitId(), waiter.process(), now);
        List<LockRecord.Waiter> waiting = new ArrayList<>(record.waiting());
        if (mine.isPresent()) {
            waiting.set(waiting.indexOf(mine.get()), fresh); // a refresh keeps the waiter's place
        } else {
            waiting.add(fresh);
        }
        return record.withWaiting(waiting);
    }

    /** The waiter entries before this waiter's own, or all of them while it has none: they came first. */
    private static List<LockRecord.Waiter> waitersAhead(LockRecord record, String waitId) {
        List<LockRecord.Waiter> ahead = new ArrayList<>();
        for (LockRecord.Waiter w : record.waiting()) {
            if (w.waitId().equals(waitId)) {
                break;
            }
            ahead.add(w);
        }
        return ahead;
    }

    /**
     * After a release: only the head of the queue can take the lock, so only its process is
     * woken, unless its entry was not refreshed as a live waiter's is, or its process is known
     * dead (then every waiter hears of the release, so that the next one judges it and takes the
     * lock).
     */
    private void wakeTheHead(String encoded, LockRecord rest, Instant now) {
        if (rest.waiting().isEmpty()) {
            signal.signal(encoded);
            return;
        }
        LockRecord.Waiter head = rest.waiting().get(0);
        // A process killed within the last refresh interval left a fresh entry: its own wake file
        // reaches nobody, and the waiter behind it, which would drop it and take the lock, slept
        // until its pause. The same judgement as an attempt's, of one entry (a pid check here).
        if (head.refreshedAt().plus(WAITER_REFRESH.multipliedBy(2)).isBefore(now)
                || rules.judge(head.process(), head.refreshedAt(), WAITER_TTL, now) != Liveness.ALIVE) {
            signal.changed(encoded);
        } else {
            signal.releasedTo(encoded, head.process());
        }
    }

    /** Removes a waiter's entry when it stops waiting (acquired elsewhere, timed out, interrupted). */
    private void withdraw(LockFiles.Paths paths, String waitId) {
        try {
            // past the waiter TTL the entry is stale anyway: no point waiting longer for the guard
            boolean withdrawn = Boolean.TRUE.equals(guarded(paths, System.nanoTime() + WAITER_TTL.toNanos(), guard -> {
                if (files.readGuarded(paths) instanceof LockFiles.Present present
                        && present.record().waiting().stream().anyMatch(w -> w.waitId().equals(waitId))) {
                    writeOrRemove(paths, present.record().withoutWaiter(waitId));
                    return true;
                }
                return false;
            }));
            if (withdrawn) {
                // the waiter behind it may be at the head now, of a lock that is free
                signal.changed(paths.encoded());
            }
        } catch (LockException e) {
            // the entry goes stale by itself after WAITER_TTL
            Log.LOG.debug("Could not withdraw wait entry for '{}': {}", paths.resource(), e.getMessage());
        }
    }

    private LockRecord dropStale(LockRecord record, Instant now, List<Runnable> afterGuard) {
        List<LockRecord.Holder> live = new ArrayList<>();
        for (LockRecord.Holder h : record.holders()) {
            Liveness verdict = rules.judge(h.process(), h.heartbeatAt(), h.lease(), now);
            if (verdict == Liveness.ALIVE) {
                live.add(h);
            } else {
                HolderInfo gone = info(h, verdict);
                afterGuard.add(() -> listener.staleHolderRemoved(record.resource(), gone));
            }
        }
        List<LockRecord.Waiter> waiting = record.waiting().stream()
                .filter(w -> rules.judge(w.process(), w.refreshedAt(), WAITER_TTL, now) == Liveness.ALIVE)
                .toList();
        return new LockRecord(record.resource(), record.mode(), live, waiting);
    }

    // ---------------------------------------------------------------- release and renewal

    boolean release(FileLockHandle handle) {
        synchronized (handle) {
            return releaseHeld(handle);
        }
    }

    private boolean releaseHeld(FileLockHandle handle) {
        if (handle.state() != FileLockHandle.State.HELD) {
            if (handle.state() == FileLockHandle.State.LOST) {
                listener.releaseOfLostLock(handle.resource(), handle.token());
            }
            return false;
        }
        LockFiles.Paths paths = handle.paths();
        // Ownership is the token: only the entry this handle created can be removed. If the lock
        // was broken while this holder was paused and then taken by another, the record holds
        // the other's entry with a larger token, and this release leaves it alone. (race b)
        boolean released = guarded(paths, guard -> {
            if (!(files.readGuarded(paths) instanceof LockFiles.Present present)
                    || present.record().holders().stream().noneMatch(h -> h.token() == handle.token())) {
                return false;
            }
            LockRecord rest = present.record().withoutHolder(handle.token());
            writeOrRemove(paths, rest);
            // Waiters of other processes hear of it through a wake file, touched only when the
            // record names waiters: an uncontended release costs no more than its step. Touched
            // before the guard is released: the record is written, and a woken waiter's way to
            // the guard (the watcher's threads, a look at the record) is longer than the rest of
            // this step. A shared waiter, which no record names, watches the lock file (section 8).
            wakeTheHead(paths.encoded(), rest, now());
            return true;
        });
        held.remove(handle);
        if (released) {
            handle.ended(FileLockHandle.State.RELEASED);
        } else {
            handle.ended(FileLockHandle.State.LOST);
            listener.releaseOfLostLock(handle.resource(), handle.token());
        }
        return released;
    }

    /**
     * Whether the record still holds this handle's entry, read under the guard: the store's own
     * word, where {@link FileLockHandle#isValid()} is this process's belief. An entry in the
     * record when the step reads it was removed by nobody, so no acquisition that conflicts with
     * this one has happened yet (every removal is written in the step that decides it). A false
     * answer makes the handle lost.
     */
    boolean confirm(FileLockHandle handle) {
        synchronized (handle) {
            if (!handle.isValid()) {
                return false;
            }
            LockFiles.Paths paths = handle.paths();
            boolean inRecord = guarded(paths, guard -> files.readGuarded(paths) instanceof LockFiles.Present present
                    && present.record().holders().stream().anyMatch(h -> h.token() == handle.token()));
            if (!inRecord) {
                held.remove(handle);
                handle.ended(FileLockHandle.State.LOST);
                listener.lockLost(handle.resource(), handle.token(), "its entry was removed from the lock (broken or reclaimed)");
            }
            return inRecord;
        }
    }

    /** Renews the lease of one handle; marks it lost if its entry is gone. */
    void renew(FileLockHandle handle) {
        synchronized (handle) {
            renewHeld(handle);
        }
    }

    private void renewHeld(FileLockHandle handle) {
        if (handle.state() != FileLockHandle.State.HELD) {
            return;
        }
        LockFiles.Paths paths = handle.paths();
        Instant now = now();
        if (!handle.isValid()) {
            // The lease ran out before this renewal (a pause, a stuck heartbeat). Others may have
            // judged the holder stale already; renewing now could revive a lock another process
            // believes free. The handle stays lost, as its isValid() already said, and takes its
            // own expired entry out (matched by token) rather than leave it for others to clear.
            guarded(paths, guard -> {
                if (files.readGuarded(paths) instanceof LockFiles.Present present
                        && present.record().holders().stream().anyMatch(h -> h.token() == handle.token())) {
                    writeOrRemove(paths, present.record().withoutHolder(handle.token()));
                }
                return null;
            });
            held.remove(handle);
            handle.ended(FileLockHandle.State.LOST);
            signal.changed(paths.encoded());
            listener.lockLost(handle.resource(), handle.token(), "its lease expired before it could be renewed");
            return;
        }
        boolean found = guarded(paths, guard -> {
            if (!(files.readGuarded(paths) instanceof LockFiles.Present present)) {
                return false;
            }
            List<LockRecord.Holder> holders = new ArrayList<>();
            boolean mine = false;
            for (LockRecord.Holder h : present.record().holders()) {
                if (h.token() == handle.token()) {
                    holders.add(h.renewedAt(now));
                    mine = true;
                } else {
                    holders.add(h);
                }
            }
            if (mine) {
                files.replace(paths, present.record().withHolders(present.record().mode(), holders));
            }
            return mine;
        });
        if (found) {
            handle.renewed(now.plus(lease));
        } else if (handle.state() == FileLockHandle.State.HELD) {
            held.remove(handle);
            handle.ended(FileLockHandle.State.LOST);
            listener.lockLost(handle.resource(), handle.token(), "its entry was removed from the lock (broken or reclaimed)");
        }
    }

    /** Renews every held lock now; the heartbeat thread calls this every {@code lease / 3}. */
    public void renewAll() {
        for (FileLockHandle handle : List.copyOf(held)) {
            try {
                renew(handle);
            } catch (RuntimeException e) {
                // not renewed: the handle turns invalid when its lease runs out, unless a later
                // renewal succeeds first. Any exception is caught: one escaping would end the
                // scheduled heartbeat silently, and every lease of this manager with it.
                Log.LOG.warn("Could not renew lock '{}': {}", handle.resource(), e.toString());
            }
        }
    }

    private void startHeartbeat() {
        if (heartbeat != null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()) {
            return;
        }
        synchronized (this) {
            if (heartbeat == null && !closed) {
                ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "wvo-lock-heartbeat");
                    t.setDaemon(true);
                    return t;
                });
                long period = heartbeatInterval.toMillis();
                executor.scheduleWithFixedDelay(this::renewAll, period, period, TimeUnit.MILLISECONDS);
                heartbeat = executor;
            }
        }
    }

    // ---------------------------------------------------------------- inspection and administration

    @Override
    public List<LockInfo> inspect() {
        List<LockInfo> locks = new ArrayList<>();
        try {
            for (String encoded : files.lockedNames()) {
                inspectFile(files.pathsOfEncoded(encoded)).ifPresent(locks::add);
            }
        } catch (IOException e) {
            throw new LockException("Cannot list the lock directory " + files.directory() + ": " + LockException.describe(e), e);
        }
        locks.sort(Comparator.comparing(LockInfo::resource));
        return locks;
    }

    @Override
    public Optional<LockInfo> inspect(String resource) {
        LockFiles.Paths paths = files.pathsOf(resource);
        try {
            return inspectFile(paths);
        } catch (IOException e) {
            throw new LockException("Cannot read " + paths.lock() + ": " + LockException.describe(e), e);
        }
    }

    private Optional<LockInfo> inspectFile(LockFiles.Paths paths) throws IOException {
        Instant now = now();
        String encoded = paths.encoded();
        LockFiles.Content content = files.readUnguarded(paths);
        if (content instanceof LockFiles.Present present) {
            LockRecord r = present.record();
            List<HolderInfo> holders = r.holders().stream()
                    .map(h -> info(h, rules.judge(h.process(), h.heartbeatAt(), h.lease(), now))).toList();
            List<LockInfo.WaiterInfo> waiting = r.waiting().stream()
                    .map(w -> new LockInfo.WaiterInfo(w.owner(), w.process(), w.refreshedAt(),
                            rules.judge(w.process(), w.refreshedAt(), WAITER_TTL, now))).toList();
            return Optional.of(new LockInfo(r.resource(), r.mode(), holders, waiting, null));
        }
        if (content instanceof LockFiles.Garbage garbage) {
            String resource = ResourceNames.decode(encoded).orElse(encoded);
            return Optional.of(new LockInfo(resource, LockMode.EXCLUSIVE, List.of(), List.of(), garbage.problem()));
        }
        return Optional.empty();
    }

    @Override
    public BreakResult breakLock(String resource, boolean force) {
        LockFiles.Paths paths = files.pathsOf(resource);
        Instant now = now();
        BreakResult result = guarded(paths, guard -> {
            LockFiles.Content content = files.readGuarded(paths);
            if (content instanceof LockFiles.Absent) {
                return new BreakResult(BreakResult.Outcome.NOT_HELD, List.of());
            }
            if (content instanceof LockFiles.Present present) {
                List<HolderInfo> holders = present.record().holders().stream()
                        .map(h -> info(h, rules.judge(h.process(), h.heartbeatAt(), h.lease(), now))).toList();
                if (!force && holders.stream().anyMatch(h -> !h.isStale())) {
                    return new BreakResult(BreakResult.Outcome.REFUSED_LIVE_HOLDER, holders);
                }
                files.remove(paths);
                return new BreakResult(BreakResult.Outcome.BROKEN, holders);
            }
            files.remove(paths);
            return new BreakResult(BreakResult.Outcome.BROKEN, List.of());
        });
        if (result.outcome() == BreakResult.Outcome.BROKEN) {
            listener.lockBroken(resource, result, force);
            signal.changed(paths.encoded());
        }
        return result;
    }

    /**
     * Removes what crashed processes left behind: temp files that never became a lock, and lock
     * files that hold no lock record (empty, truncated, garbage, a directory). Each removal
     * happens under the resource's guard, where no live process can be half-way through a write.
     * Also removes the processes' wake files untouched for an hour (not counted).
     *
     * @return how many leftovers were removed
     */
    public int cleanLeftovers() {
        int removed = 0;
        try {
            for (Path temp : files.tempFiles()) {
                String encoded = LockFiles.encodedOfTemp(temp);
                if (!java.nio.file.Files.exists(files.guardOfEncoded(encoded))) {
                    // not a lock's: every staged record is made under its resource's guard, so a temp
                    // without one is another program's file in a shared directory, perhaps being written now
                    continue;
                }
                LockFiles.Paths owner = files.pathsOfEncoded(encoded);
                Boolean deleted = cleaning(owner, guard -> java.nio.file.Files.deleteIfExists(temp));
                removed += Boolean.TRUE.equals(deleted) ? 1 : 0;
            }
            for (String encoded : files.lockedNames()) {
                LockFiles.Paths paths = files.pathsOfEncoded(encoded);
                String problem = cleaning(paths, guard -> {
                    if (files.read(paths.lock()) instanceof LockFiles.Garbage g) {
                        files.remove(paths);
                        return g.problem();
                    }
                    return null;
                });
                if (problem != null) {
                    listener.garbageRemoved(ResourceNames.decode(encoded).orElse(encoded), problem);
                    signal.changed(encoded);
                    removed++;
                }
            }
            // Not counted, and its failure fails nothing: a process's wake file is no leftover that
            // could block anyone, only clutter, and this runs in every manager's construction.
            try {
                files.removeWakeFilesUntouchedSince(System.currentTimeMillis() - UNTOUCHED_WAKE_FILES.toMillis());
            } catch (IOException e) {
                Log.LOG.debug("Could not remove old wake files in {} ({})", files.directory(), e.toString());
            }
        } catch (IOException e) {
            throw new LockException("Cannot clean the lock directory " + files.directory() + ": " + LockException.describe(e), e);
        }
        return removed;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void close() {
        // exactly one close does the work: two would each give up the shared watcher's use
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true; // no acquisition starts from here on, so none can outlive the release below
        releaseAllQuietly();
        ScheduledExecutorService executor = heartbeat;
        if (executor != null) {
            executor.shutdownNow();
        }
        signal.close(self);
        Thread hook = shutdownHook.get();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook is running or has run
            }
        }
    }

    private void installShutdownHook() {
        Thread hook = new Thread(this::atShutdown, "wvo-lock-shutdown");
        if (shutdownHook.compareAndSet(null, hook)) {
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: nothing will wait long enough to need it
            }
        }
    }

    /**
     * At JVM exit (normal end, Ctrl-C, SIGTERM): waiter entries are withdrawn (a command stopped
     * while it waited leaves no dead waiter behind), and held locks are released if the builder
     * asked for it.
     */
    private void atShutdown() {
        for (String waitId : List.copyOf(waiting.keySet())) {
            LockFiles.Paths paths = waiting.remove(waitId);
            if (paths != null) {
                withdraw(paths, waitId);
            }
        }
        if (releaseOnShutdown) {
            releaseAllQuietly();
        }
    }

    private void releaseAllQuietly() {
        for (FileLockHandle handle : List.copyOf(held)) {
            try {
                handle.release();
            } catch (RuntimeException e) {
                Log.LOG.warn("Could not release lock '{}' at shutdown: {}", handle.resource(), e.getMessage());
            }
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This lock manager for " + files.directory() + " is closed");
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * A step of cleaning. A leftover that cannot be removed now is left for a later cleaning, with
     * a warning: its resource's guard stays busy, or the removal fails (a directory with files in
     * it at a temp file's name). It blocks no other lock, and a manager that failed to start for
     * it would fail every program on the directory, each with one resource's problem.
     */
    private <T> T cleaning(LockFiles.Paths paths, ResourceGuard.Step<T> step) {
        try {
            return guarded(paths, step);
        } catch (GuardBusyException e) {
            Log.LOG.warn("Left the leftovers of lock '{}' alone: {}", paths.resource(), e.getMessage());
            return null;
        } catch (LockException e) {
            String why = e.getCause() instanceof IOException io ? LockException.describe(io) : e.getMessage();
            Log.LOG.warn("Could not remove the leftovers of lock '{}' ({}); they block no other lock. If this "
                    + "warning comes back, remove that path by hand", paths.resource(), why);
            return null;
        }
    }

    private <T> T guarded(LockFiles.Paths paths, ResourceGuard.Step<T> step) {
        return guarded(paths, guardDeadline(), step);
    }

    private <T> T guarded(LockFiles.Paths paths, long deadline, ResourceGuard.Step<T> step) {
        long since = System.nanoTime();
        try {
            return ResourceGuard.withGuard(paths.guard(), deadline, step, holder -> new GuardBusyException(paths.resource(),
                    "Lock '" + paths.resource() + "': its guard " + paths.guard() + " stayed busy for "
                            + Duration.ofNanos(System.nanoTime() - since).toSeconds() + " s, where a step takes "
                            + "microseconds: it is held by " + holder + ". Nothing was changed."));
        } catch (IOException e) {
            throw new LockException("Lock '" + paths.resource() + "' (" + paths.lock() + "): " + LockException.describe(e), e);
        }
    }

    private static long guardDeadline() {
        return System.nanoTime() + GUARD_PATIENCE.toNanos();
    }

    /** Reads the record; anything at its name that is not a record is removed (and reported). */
    private LockRecord readClearingGarbage(LockFiles.Paths paths, List<Runnable> afterGuard) throws IOException {
        LockFiles.Content content = files.readGuarded(paths);
        if (content instanceof LockFiles.Present present) {
            return present.record();
        }
        if (content instanceof LockFiles.Garbage garbage) {
            // Every record is written whole (link or rename), so an unreadable one was never
            // written by this protocol: it is damage or debris, never a live lock.
            files.remove(paths);
            afterGuard.add(() -> listener.garbageRemoved(paths.resource(), garbage.problem()));
        }
        return null;
    }

    /** Writes a record under the guard: link when new, rename over when it exists. */
    private void write(LockFiles.Paths paths, boolean exists, LockRecord record) throws IOException {
        if (record.isEmpty()) {
            if (exists) {
                files.remove(paths);
            }
        } else if (exists) {
            files.replace(paths, record);
        } else if (!files.create(paths.lock(), record)) {
            // We hold the guard and saw no lock file, yet one appeared: some program writes this
            // directory without taking the guard (or the file system's locks do not work).
            throw new LockException("Lock file " + paths.lock() + " appeared while its guard was held: another "
                    + "program writes the lock directory without the protocol, or the file system does not "
                    + "support POSIX locks (on NFS, mount without 'nolock')");
        }
    }

    private void writeOrRemove(LockFiles.Paths paths, LockRecord record) throws IOException {
        write(paths, true, record);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static HolderInfo info(LockRecord.Holder h, Liveness staleness) {
        return new HolderInfo(h.owner(), h.process(), h.acquiredAt(), h.heartbeatAt(), h.lease(), h.token(), staleness);
    }

    /** Options of a {@link FileLockManager}; every one has a default. */
    public static final class Builder {
        private final Path directory;
        private String owner;
        private Duration lease = DEFAULT_LEASE;
        private Duration heartbeatInterval;
        private Clock clock = Clock.systemUTC();
        private HostIdentity host = HostIdentity.current();
        private ProcessRef process;
        private ProcessLiveness liveness = ProcessLiveness.operatingSystem();
        private LockListener listener = LockListener.LOGGING;
        private boolean releaseOnShutdown = true;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /** Who holds the locks, as shown to people (a worker id); default {@code pid@host}. */
        public Builder owner(String owner) {
            this.owner = Objects.requireNonNull(owner, "owner");
            return this;
        }

        /** How long a holder counts as alive after its last heartbeat; default 30 s. */
        public Builder lease(Duration lease) {
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("lease must be positive: " + lease);
            }
            this.lease = lease;
            return this;
        }

        /** How often held leases are renewed; default a third of the lease; zero turns renewal off. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = Objects.requireNonNull(interval, "interval");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The identity of this machine; default {@link HostIdentity#current()}. */
        public Builder host(HostIdentity host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The process recorded as holder; default this JVM. Tests set it to play several processes. */
        public Builder process(ProcessRef process) {
            this.process = Objects.requireNonNull(process, "process");
            return this;
        }

        public Builder liveness(ProcessLiveness liveness) {
            this.liveness = Objects.requireNonNull(liveness, "liveness");
            return this;
        }

        public Builder listener(LockListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Whether a JVM shutdown hook releases the locks still held (normal exit, Ctrl-C); default true. */
        public Builder releaseOnShutdown(boolean release) {
            this.releaseOnShutdown = release;
            return this;
        }

        public FileLockManager build() {
            return new FileLockManager(this);
        }
    }
}
