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
    private Parsed parsed;

    /**
     * The roadmap as last parsed, with the identity of the file it was parsed from. wvo writes the
     * roadmap whole into a new file moved over the old one, so each write gives it a new file key;
     * an editor that writes in place changes its size or time.
     */
    private record Parsed(Object fileKey, long size, FileTime modified, Roadmap roadmap) {
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
        this.source = source;
        this.locks = locks;
        this.clock = clock;
        this.events = new EventTally(source.state().root());
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
        StatusSnapshot.Tasks tasks = StatusSnapshot.tasks(state.roadmap(), roadmap, alive, now);
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
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            parsed = null;
            return null;
        } catch (IOException e) {
            parsed = null; // parsed without keeping it: the reader says what is wrong, if something is
            Roadmap roadmap = RoadmapReader.read(file);
            return new Parsed(null, 0, FileTime.fromMillis(0), roadmap);
        }
        if (!attributes.isRegularFile()) {
            parsed = null;
            return null;
        }
        if (parsed == null || !parsed.sameFile(attributes)) {
            // a change is spliced from the roadmap shown until now, the cache file serving only the first read
            Roadmap roadmap = new RoadmapCache(file, source.state().roadmapCache())
                    .read(parsed == null ? null : parsed.roadmap());
            parsed = new Parsed(attributes.fileKey(), attributes.size(), attributes.lastModifiedTime(), roadmap);
        }
        return parsed;
    }
}
