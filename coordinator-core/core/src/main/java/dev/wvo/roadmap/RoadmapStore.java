package dev.wvo.roadmap;

import dev.wvo.events.Event;
import dev.wvo.events.EventCodec;
import dev.wvo.fs.LockedStore;
import dev.wvo.fs.StateDir;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The roadmap file with transactions: {@link #update} takes the roadmap lock, reads the file,
 * applies a change, checks the result still parses, and writes it (keeping the previous version
 * as {@code roadmap.yaml.bak}), with the events that describe the change: a {@link LockedStore}.
 * Two processes therefore never lose each other's update, a holder that lost its lock while
 * paused cannot write over a newer state (its write fails with
 * {@link dev.wvo.lock.LockLostException} and changes nothing), and no change is ever in the file
 * without its events in {@code events.jsonl}.
 *
 * <p>A transaction parses the file at most once, however big the roadmap. The store keeps the
 * roadmap it last read or wrote; its first read takes a large roadmap from {@link RoadmapCache}
 * when the cache proves to hold the file's bytes, so a worker's start does not parse it. Under the lock, a file whose bytes are exactly the kept
 * roadmap's is not parsed at all; a file another writer changed is read from the kept roadmap by
 * parsing only the tasks whose text changed ({@link RoadmapSplice}), or whole when that cannot be
 * proved. The check that the new text still parses is that same splice, of the edited tasks, and
 * its result is kept for the next transaction.
 */
public final class RoadmapStore {

    /** The lock resource that serializes roadmap writers. */
    public static final String LOCK = "roadmap";
    private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(1);

    private final Path file;
    /** Where the parsed roadmap is kept on disk: the first read of a large roadmap reads it instead of parsing. */
    private final RoadmapCache cache;
    private final LockedStore store;
    /** The roadmap as this store last read or wrote it under the lock; null before the first transaction. */
    private volatile Roadmap kept;

    /** The roadmap of a state directory, its journals in {@code locks/journals/}, its events in {@code events.jsonl}. */
    public RoadmapStore(StateDir dir, LockManager locks) {
        this(dir, locks, LOCK_TIMEOUT);
    }

    /** As {@link #RoadmapStore(StateDir, LockManager)}, a transaction waiting at most {@code lockWait} for the lock. */
    public RoadmapStore(StateDir dir, LockManager locks, Duration lockWait) {
        this.file = dir.roadmap();
        this.cache = new RoadmapCache(file, dir.roadmapCache());
        this.store = LockedStore.builder(file, locks, LOCK)
                .timeout(lockWait)
                .keepingBackup()
                .logTo(dir.events(), dir.journals())
                .journalsOfEarlierBuildsIn(dir.locks())
                .build();
    }

    public Path file() {
        return file;
    }

    /**
     * Reads the roadmap without taking the lock: files are replaced whole, so a read is always of
     * one version. Like a transaction's read, it parses only what changed since the roadmap this
     * store kept.
     */
    public Roadmap read() {
        return fromBytes(RoadmapReader.bytes(file), true);
    }

    /** One roadmap transaction: what it sets in the editor is written when it returns, with what it logged. */
    @FunctionalInterface
    public interface Transaction<T> {
        T apply(Roadmap roadmap, RoadmapEditor editor, Consumer<Event> log);
    }

    /**
     * Runs a change as one transaction. {@code change} gets the current roadmap, an editor and the
     * event log; what it sets in the editor is written when it returns (nothing is written if it
     * sets nothing), and the events it logged are appended with it.
     *
     * @throws RoadmapException                   if the file cannot be read
     * @throws dev.wvo.lock.LockLostException     if the lock was lost before the write; nothing was written
     */
    public <T> T update(Transaction<T> change) {
        Roadmap[] written = new Roadmap[1];
        boolean[] keepWritten = new boolean[1];
        T outcome = locked(bytes -> {
            Roadmap current = fromBytes(bytes, false);
            RoadmapEditor editor = new RoadmapEditor(current);
            List<byte[]> events = new ArrayList<>();
            T result = change.apply(current, editor, event -> events.add(EventCodec.encode(event)));
            if (!editor.hasChanges()) {
                return LockedStore.Change.none(result).logging(events);
            }
            CharSequence text = editor.edited();
            byte[] content = editor.utf8(text);
            // never write what we could not read back: the edited tasks are read again from the new text
            Roadmap after = RoadmapSplice.apply(current, text, content).orElseGet(() -> {
                // parsed whole where a splice would have done (tasks added, say): kept for the next
                // store. A roadmap that does not split into pieces is parsed whole at every change:
                // not kept at each of them, only by its readers
                keepWritten[0] = current.taskLayout().isPresent();
                return readBack(text, content, editor.changed());
            });
            // nor what reads otherwise than the change meant (a claim made into a mapping key was lost)
            ChangeReadBack.misread(editor, after).ifPresent(misread -> {
                throw new RoadmapChangeRefused("Nothing was written: with this change of " + String.join(", ", editor.changed())
                        + ", " + file + " would read otherwise than the change meant: " + misread + ". wvo made a text "
                        + "that does not say what it meant to write: please report it, with the file", null);
            });
            written[0] = after;
            return LockedStore.Change.write(result, content).logging(events);
        });
        if (written[0] != null) {
            kept = written[0]; // the write landed: it is what the file holds now
            if (keepWritten[0]) {
                cache.keep(written[0]); // after the lock
            }
        }
        return outcome;
    }

    /**
     * The roadmap of a transaction's new text, parsed whole. A text that does not read is the
     * change's doing, not the file's: a {@link RoadmapChangeRefused}, not a {@link RoadmapException},
     * which a worker takes for a file being edited and waits on (a claim that dropped an anchor kept
     * a worker waiting for a fix of a file that read well, and a command told to restore the backup).
     *
     * @param changed the tasks the change edits, for the message
     */
    private Roadmap readBack(CharSequence text, byte[] content, List<String> changed) {
        try {
            return RoadmapReader.parse(file, text.toString()).withUtf8(content);
        } catch (RoadmapException e) {
            String what = "Nothing was written: with this change of " + String.join(", ", changed) + ", " + file
                    + " would not read (line " + e.line() + ", column " + e.column() + " of its new text: " + e.problem()
                    + "); as it is, it reads. ";
            throw new RoadmapChangeRefused(what + (e.problem().contains("alias")
                    ? "The change replaces a value that carries a YAML anchor (&name) which other entries use (*name): "
                            + "move the anchor out of the task, or write the aliased values out, then run again"
                    : "wvo made a text it cannot read: please report it, with the file"), e);
        }
    }

    /**
     * Writes {@code text} as the whole roadmap ({@code wvo init}), as one transaction: a worker
     * whose transaction read the old roadmap cannot write it back over the new one, since both
     * hold the lock (without it, {@code init --force} beside a worker once lost the new roadmap
     * in 2 of 6 trials). The old one is kept as {@code roadmap.yaml.bak}.
     *
     * @throws FileAlreadyExistsException if a roadmap exists and {@code replace} is false; nothing is written
     */
    public void create(String text, boolean replace) throws FileAlreadyExistsException {
        byte[] content = text.getBytes(StandardCharsets.UTF_8);
        Roadmap created = RoadmapReader.parse(file, text).withUtf8(content); // never write what we could not read back
        try {
            locked(bytes -> {
                if (bytes != null && !replace) {
                    throw new FileAlreadyExistsException(file.toString(), null, "a roadmap exists already");
                }
                return LockedStore.Change.write(null, content);
            });
            kept = created;
            cache.keep(created); // the workers started next read it instead of parsing it again
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof FileAlreadyExistsException exists) {
                throw exists;
            }
            throw e;
        }
    }

    /** One transaction of the store, its failures as the exceptions a roadmap's users handle. */
    private <T> T locked(LockedStore.Transaction<T> transaction) {
        try {
            return store.update(transaction);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        } catch (LockTimeoutException e) {
            // a gone holder would have been taken over: this one is alive, and a plain break refuses it
            throw new IllegalStateException("The roadmap is locked: " + e.getMessage() + ". Wait for that holder to "
                    + "finish; if it is stuck, stop it, or take the lock from it with `wvo lock break --force roadmap`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the roadmap lock", e);
        }
    }

    /**
     * The roadmap in {@code bytes}: the kept one when the bytes are exactly its bytes (compared
     * many at a time, far cheaper than a parse); else from the kept one by a splice, or whole.
     * Without a kept one (the store's first read), from the roadmap cache, which proves the same
     * way that it holds these bytes; with {@code keep} (not under the lock), the cache is rewritten
     * if it had to be read otherwise. Any roadmap read from the file may be kept, with or without
     * the lock: it is only ever used for bytes that are its own.
     */
    private Roadmap fromBytes(byte[] bytes, boolean keep) {
        Roadmap before = kept;
        if (before != null && bytes != null && Arrays.equals(bytes, before.utf8())) {
            return before;
        }
        if (before == null && bytes != null) {
            Roadmap read = keep ? cache.read(bytes) : cache.readWithoutKeeping(bytes);
            kept = read;
            return read;
        }
        CharSequence text = before == null ? RoadmapReader.decode(file, bytes) : RoadmapReader.decode(file, bytes, before);
        Roadmap read = (before == null ? java.util.Optional.<Roadmap>empty() : RoadmapSplice.apply(before, text, bytes))
                .orElseGet(() -> RoadmapReader.parse(file, text.toString()).withUtf8(bytes));
        kept = read;
        return read;
    }
}
