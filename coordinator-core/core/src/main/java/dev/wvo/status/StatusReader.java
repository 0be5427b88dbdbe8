package dev.wvo.status;

import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.config.Config;
import dev.wvo.fs.StateDir;
import dev.wvo.gitmerge.RoadmapConflict;
import dev.wvo.gitmerge.RoadmapConflicts;
import dev.wvo.lock.LockInfo;
import dev.wvo.lock.LockManager;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapCache;
import dev.wvo.roadmap.RoadmapReader;
import dev.wvo.schedule.WorkerPresence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Reads {@link StatusSnapshot}s of one state directory, again and again: the home of how a
 * snapshot is read, for {@code wvo status} (one read) and the live views ({@code wvo shell},
 * {@code wvo serve}: a read a second or so). Each read reads the roadmap, the worker records, the
 * merge queue, the locks and the rate limits whole; the roadmap only when its file changed (a
 * 1,000-task roadmap costs tens of milliseconds to parse, and an agent's task takes minutes); and
 * of the event log only what was appended since the read before ({@link EventTally}). Reads may
 * come from several threads (a view's drawing thread, a key's or a button's command): one at a
 * time.
 */
public final class StatusReader {

    private final StatusSnapshot.Source source;
    private final LockManager locks;
    private final Clock clock;
    private final EventTally events;
    private Ahead ahead;
    private Parsed parsed;

    /**
     * The roadmap as last parsed, with the identity of the file it was parsed from and the pass
     * over its tasks. wvo writes the roadmap whole into a new file moved over the old one, so each
     * write gives it a new file key; an editor that writes in place changes its size or time.
     */
    private record Parsed(Object fileKey, long size, FileTime modified, Roadmap roadmap, StatusSnapshot.TaskPass pass) {
        Parsed(Object fileKey, long size, FileTime modified, Roadmap roadmap) {
            this(fileKey, size, modified, roadmap, StatusSnapshot.TaskPass.of(roadmap));
        }

        /** A roadmap read from a file whose attributes could not be read: shown once, never kept. */
        static Parsed unidentified(Roadmap roadmap) {
            return new Parsed(null, -1, FileTime.fromMillis(0), roadmap);
        }

        boolean identified() {
            return size >= 0;
        }

        boolean sameFile(BasicFileAttributes file) {
            return fileKey != null && fileKey.equals(file.fileKey()) && size == file.size()
                    && modified.equals(file.lastModifiedTime());
        }
    }

    /**
     * @param source the state directory (parts that do not exist yet read as empty) and its locks
     * @param locks  the lock manager of that state, used only to inspect
     * @param clock  the time the ages are measured against
     */
    public StatusReader(StatusSnapshot.Source source, LockManager locks, Clock clock) {
        this(source, locks, clock, null);
    }

    /**
     * A reader whose first read takes the roadmap from {@code ahead}, begun before the reader
     * could be made ({@link #readAhead}), unless the file changed since it was read there.
     */
    public StatusReader(StatusSnapshot.Source source, LockManager locks, Clock clock, Ahead ahead) {
        this.source = source;
        this.locks = locks;
        this.clock = clock;
        this.events = new EventTally(source.state().root());
        this.ahead = ahead;
    }

    /**
     * Begins reading the roadmap of {@code state}, and the pass over its tasks, on a thread of its
     * own, for the first read of a reader made with it. A fresh {@code wvo status} on 10,000 tasks
     * spends about as long on those as on reading its configuration, opening its locks and reading
     * the rest of the state, which need not wait for them; with a second core the two overlap
     * (docs/performance.md, "Session 22").
     */
    public static Ahead readAhead(StateDir state) {
        Ahead ahead = new Ahead(state);
        ahead.thread.start();
        return ahead;
    }

    /**
     * A roadmap being read ahead of a reader's first read ({@link #readAhead}). A thread of its own
     * rather than an executor's task: a fresh JVM would initialise the executor's classes for one read.
     * Closed, it waits for the read to end: a command that fails before its first read and exits
     * would otherwise cut short the kept roadmap's write, leaving its temp file behind.
     */
    public static final class Ahead implements AutoCloseable {
        private final StateDir state;
        private final Thread thread = new Thread(this::run, "wvo-roadmap-ahead");
        // written by the thread before it ends; read after join(), which orders the two
        private Parsed read;
        private Throwable failure; // a RuntimeException or an Error, as the read threw it

        private Ahead(StateDir state) {
            this.state = state;
            thread.setDaemon(true); // never what keeps a JVM alive: close() is what waits for it
        }

        private void run() {
            try {
                read = parse(state.roadmap(), state, null);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
        }

        /** Waits for the read to end, if it has not; what it read is left unused. */
        @Override
        public void close() {
            awaitEnd();
        }

        /** What was read, or what the read threw, as the read would have thrown it. */
        private Parsed take() {
            awaitEnd();
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            return read;
        }

        private void awaitEnd() {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true; // the read is milliseconds from done: wait for it, then pass the interrupt on
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Reads the state directory now, with the accounts, limits and budgets of {@code config}.
     *
     * @throws dev.wvo.roadmap.RoadmapException if the roadmap exists but cannot be parsed
     * @throws java.io.UncheckedIOException naming the event log if it exists but cannot be read
     */
    public synchronized StatusSnapshot read(Config config) {
        Instant now = clock.instant();
        StateDir state = source.state();
        List<LockInfo> lockInfos = locks.inspect();
        WorkerPresence.LiveWorkers alive = WorkerPresence.liveAmong(lockInfos);
        List<StatusSnapshot.WorkerLine> workers = StatusSnapshot.workers(state, alive, now);
        List<StatusSnapshot.QueueLine> queue = StatusSnapshot.mergeQueue(state, clock);
        Parsed current = roadmap(state.roadmap());
        Roadmap roadmap = current == null ? null : current.roadmap();
        StatusSnapshot.Tasks tasks = StatusSnapshot.tasks(state.roadmap(), roadmap, current == null ? null : current.pass(),
                alive, now);
        List<RoadmapConflict> roadmapConflicts = roadmap == null ? List.of() : RoadmapConflicts.list(roadmap);
        events.catchUp();
        StatusSnapshot.Conflicts conflicts = new StatusSnapshot.Conflicts(events.conflicts(), roadmapConflicts,
                queue.stream().filter(StatusSnapshot.QueueLine::needsAttention).toList());
        List<RateLimitBoard.Limit> limits = new RateLimitBoard(state.root(), locks, clock, config.limits()).active();
        List<UsageRecord> runs = events.runs();
        return new StatusSnapshot(now, source, tasks, workers, lockInfos, limits,
                StatusSnapshot.accounts(config.accounts(), workers, limits, runs, config.budgets(), now),
                StatusSnapshot.allLimited(workers, limits), queue, conflicts,
                StatusSnapshot.Cost.of(runs, roadmap, config.budgets()), events.recent());
    }

    /** The roadmap of {@code file}, parsed again only if the file changed; null when there is none. */
    private Parsed roadmap(Path file) {
        Ahead first = ahead;
        ahead = null;
        // the roadmap read ahead is kept only if the file is still the one it was read from: read after the
        // locks, as a read of its own is, a task whose worker finished and stopped meanwhile is not shown in
        // progress under a dead worker (one look at the file's attributes when it is the same)
        Parsed read = parse(file, source.state(), first != null ? first.take() : parsed);
        parsed = read != null && read.identified() ? read : null;
        return read;
    }

    /** The roadmap of {@code file}: {@code before} if the file is the same, else read (spliced from {@code before} if it can). */
    private static Parsed parse(Path file, StateDir state, Parsed before) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // parsed without keeping it: the reader says what is wrong, if something is
            return Parsed.unidentified(RoadmapReader.read(file));
        }
        if (!attributes.isRegularFile()) {
            return null;
        }
        if (before != null && before.sameFile(attributes)) {
            return before;
        }
        // a change is spliced from the roadmap shown until now, the cache file serving only the first read
        Roadmap roadmap = new RoadmapCache(file, state.roadmapCache()).read(before == null ? null : before.roadmap());
        return new Parsed(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), roadmap);
    }
}
