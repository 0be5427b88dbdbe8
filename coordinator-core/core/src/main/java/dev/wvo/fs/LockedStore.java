package dev.wvo.fs;

import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockLostException;
import dev.wvo.lock.LockManager;
import dev.wvo.lock.LockMode;
import dev.wvo.lock.LockTimeoutException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * A state file changed only in transactions under an exclusive lock of its own: take the lock,
 * claim the file, read it, compute the change, write the new content whole, release, and only
 * then wait for the disk to make the write durable ({@link LockedFile#makeDurable}). The claim
 * and the write are {@link LockedFile}'s, so that no write lands after the lock has passed on,
 * wherever its writer was paused. Every locked store of wvo is one of these: {@code roadmap.yaml},
 * {@code context.md}, {@code rate-limits.json}. Reads outside a transaction need no lock: the file
 * is only ever replaced whole.
 *
 * <p>A transaction may also append lines to a JSON Lines log (the event log): the lines are
 * written with it, never without it. Before the file is replaced, the lines go to a journal in a
 * directory of its own, {@code <file name>.<token>.journal}, with the fingerprint of the content
 * being written ({@link #fingerprint}) and the log's size; once the file is replaced they are appended and the journal
 * removed. A process killed between the two leaves its journal, and the next transaction on the
 * file, in whatever process, delivers it before it reads: the lines are appended when the file
 * holds what that transaction wrote (it committed), and dropped otherwise (it did not). Appending
 * skips lines the log already holds past the recorded size, so a journal delivered by both its
 * writer and the next holder (a writer paused between its rename and its append, past its lease)
 * still gives each line once.
 */
public final class LockedStore {

    private static final String JOURNAL_SUFFIX = ".journal";

    private final Path file;
    private final LockManager locks;
    private final String resource;
    private final Duration timeout;
    private final boolean keepBackup;
    private final Path log;
    private final Path journalDir;
    /** Where journals went before they had a directory of their own; null once looked at, or if there is none. */
    private volatile Path earlierJournalDir;

    private LockedStore(Builder b) {
        this.file = b.file;
        this.locks = b.locks;
        this.resource = b.resource;
        this.timeout = b.timeout;
        this.keepBackup = b.keepBackup;
        this.log = b.log;
        this.journalDir = b.journalDir;
        this.earlierJournalDir = b.earlierJournalDir;
    }

    /** A store of {@code file} under the lock {@code resource} of {@code locks}. */
    public static Builder builder(Path file, LockManager locks, String resource) {
        return new Builder(file, locks, resource);
    }

    /** The options of a store. */
    public static final class Builder {
        private final Path file;
        private final LockManager locks;
        private final String resource;
        private Duration timeout = Duration.ofSeconds(30);
        private boolean keepBackup;
        private Path log;
        private Path journalDir;
        private Path earlierJournalDir;

        private Builder(Path file, LockManager locks, String resource) {
            this.file = Objects.requireNonNull(file, "file");
            this.locks = Objects.requireNonNull(locks, "locks");
            this.resource = Objects.requireNonNull(resource, "resource");
        }

        /** How long a transaction waits for the lock; 30 s by default. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Keep the version each write replaces as {@code <name>.bak}. */
        public Builder keepingBackup() {
            this.keepBackup = true;
            return this;
        }

        /**
         * Transactions may append lines to the JSON Lines file {@code log}, delivered with their write.
         *
         * @param journalDir where the journals go: a directory of their own under the state's
         *                   {@code locks/}, which holds no user data and stays out of git. Every
         *                   transaction lists it, so nothing else should live there
         */
        public Builder logTo(Path log, Path journalDir) {
            this.log = Objects.requireNonNull(log, "log");
            this.journalDir = Objects.requireNonNull(journalDir, "journalDir");
            return this;
        }

        /**
         * Where builds before {@code locks/journals/} left their journals ({@code locks/} itself):
         * looked at by this store's first transaction only, for a journal a writer of such a build
         * left when it was killed. Listing it at every transaction cost a read of every lock and
         * guard file there (10,000 after a run through 10,000 tasks that own a file each: ~10 ms).
         */
        public Builder journalsOfEarlierBuildsIn(Path dir) {
            this.earlierJournalDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        public LockedStore build() {
            return new LockedStore(this);
        }
    }

    /**
     * What a transaction decided.
     *
     * @param result   what {@link #update} returns
     * @param content  the file's new content, or null to leave it as it is
     * @param logLines lines for the log, each one JSON object; written with the change (or alone
     *                 when the content stays)
     */
    public record Change<T>(T result, byte[] content, List<byte[]> logLines) {
        public Change {
            logLines = List.copyOf(logLines);
        }

        /** Nothing to write. */
        public static <T> Change<T> none(T result) {
            return new Change<>(result, null, List.of());
        }

        /** Replace the file with {@code content}. */
        public static <T> Change<T> write(T result, byte[] content) {
            return new Change<>(result, Objects.requireNonNull(content, "content"), List.of());
        }

        /** The same change, appending {@code lines} to the log with it. */
        public Change<T> logging(List<byte[]> lines) {
            return new Change<>(result, content, lines);
        }
    }

    /** One transaction: from the file's current bytes (null when it does not exist) to a change. */
    @FunctionalInterface
    public interface Transaction<T> {
        Change<T> apply(byte[] current) throws IOException;
    }

    public Path file() {
        return file;
    }

    /**
     * Runs one transaction under the lock.
     *
     * @throws LockTimeoutException if the lock was not free within the timeout; nothing was written
     * @throws LockLostException    if the lock was lost before the write; nothing was written
     * @throws IOException          if the file cannot be read or written
     */
    public <T> T update(Transaction<T> transaction) throws IOException, LockTimeoutException, InterruptedException {
        LockedFile locked = null;
        try (LockHandle lock = locks.acquire(resource, LockMode.EXCLUSIVE, timeout)) {
            locked = LockedFile.claim(lock, file);
            deliverLeftJournals(lock);
            byte[] current = read(file);
            Change<T> change = transaction.apply(current);
            if (change.content() == null) {
                for (byte[] line : change.logLines()) {
                    JsonLines.append(requireLog(), line);
                }
                return change.result();
            }
            Path journal = writeJournal(lock, change);
            try {
                if (keepBackup) {
                    locked.writeKeepingBackup(change.content());
                } else {
                    locked.write(change.content());
                }
            } catch (LockLostException | IOException e) {
                if (journal != null) {
                    Files.deleteIfExists(journal); // the write did not land: neither do its lines
                }
                throw e;
            }
            if (journal != null) {
                List<byte[]> lines = linesOf(journal);
                if (!lines.isEmpty()) { // else the next holder delivered it meanwhile: this writer was paused past its lease
                    deliver(journal, lines);
                }
            }
            return change.result();
        } finally {
            // After the release: the next holder need not wait for this disk flush (LockedFile.makeDurable).
            if (locked != null) {
                locked.makeDurable();
            }
        }
    }

    /**
     * The file's bytes, or null when it does not exist.
     *
     * @throws UnreadableStateFileException if it is larger than a document can be, or not a file
     */
    public static byte[] read(Path file) throws IOException {
        try {
            return BoundedRead.bytes(file, BoundedRead.DOCUMENT);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * Writes the journal of a change: a first line {@code <fingerprint> <log size> <lines' CRC-32C>},
     * then the lines. It is not forced to disk: it carries lines of a log that is not forced either
     * ({@code events.jsonl} can lose its last lines in a power cut, state-format.md), and a process
     * killed at any point finds it whole in the kernel. Two {@code fsync}s here were ~2 ms of every
     * roadmap transaction's time under the lock. What a power cut can leave of it (a file cut short
     * or filled with zeros) fails the CRC and is dropped, as lines the log lost.
     */
    private Path writeJournal(LockHandle lock, Change<?> change) throws IOException {
        if (change.logLines().isEmpty()) {
            return null;
        }
        requireLog();
        List<byte[]> lines = new ArrayList<>();
        lines.add((fingerprint(change.content()) + " " + JsonLines.sizeOf(log) + " " + crcOf(change.logLines()))
                .getBytes(StandardCharsets.US_ASCII));
        lines.addAll(change.logLines());
        Path journal = journalDir.resolve(file.getFileName() + "." + lock.token() + JOURNAL_SUFFIX);
        try {
            AtomicWrite.writeUnforced(journal, joined(lines));
        } catch (NoSuchFileException removed) {
            // its temp file removed by the next holder (deliverLeftJournals): this writer was paused past its lease
            if (!lock.confirm()) {
                throw new LockLostException(lock, "writing " + file);
            }
            throw removed;
        }
        return journal;
    }

    /** The CRC-32C of {@code lines} as a journal holds them, each with its line end, in hex. */
    private static String crcOf(List<byte[]> lines) {
        CRC32C crc = new CRC32C();
        for (byte[] line : lines) {
            crc.update(line);
            crc.update('\n');
        }
        return Long.toHexString(crc.getValue());
    }

    /**
     * Whether a journal read back is as it was written: its first line names the lines' CRC and
     * they match it. Journals of builds before the CRC have two fields and were forced to disk.
     */
    private static boolean intact(List<byte[]> lines) {
        if (lines.isEmpty()) {
            return false;
        }
        String[] header = new String(lines.get(0), StandardCharsets.US_ASCII).split(" ");
        return header.length == 2 || (header.length == 3 && header[2].equals(crcOf(lines.subList(1, lines.size()))));
    }

    /** Appends a journal's lines and removes it. */
    private void deliver(Path journal, List<byte[]> lines) throws IOException {
        long from = Long.parseLong(new String(lines.get(0), StandardCharsets.US_ASCII).split(" ")[1]);
        JsonLines.appendMissing(requireLog(), from, lines.subList(1, lines.size()));
        Files.deleteIfExists(journal);
    }

    /** A journal's lines, byte for byte; empty if it is gone (its writer delivered it meanwhile). */
    private static List<byte[]> linesOf(Path journal) throws IOException {
        byte[] bytes = read(journal);
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; bytes != null && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                lines.add(Arrays.copyOfRange(bytes, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    /**
     * Journals left by writers that died (or stalled) between their write and its lines: delivered
     * when the file holds what they wrote, dropped when it does not. Runs under the lock, before
     * the file is read, so no other change can have come in between. A journal's temp file
     * ({@code .<file>.<token>.journal.<random>.tmp}) left by a writer that died before its rename
     * is removed: only a holder of the lock writes journals of this file, so under the lock no
     * other one is on its way.
     */
    private void deliverLeftJournals(LockHandle lock) throws IOException {
        if (journalDir == null) {
            return;
        }
        String prefix = file.getFileName() + ".";
        List<Path> left = new ArrayList<>();
        Path earlier = earlierJournalDir;
        for (Path dir : earlier == null ? List.of(journalDir) : List.of(earlier, journalDir)) {
            if (Files.isDirectory(dir)) {
                String unrenamed = dir.equals(journalDir) ? ",." + prefix + "*" + JOURNAL_SUFFIX + ".*.tmp" : "";
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir,
                        "{" + prefix + "*" + JOURNAL_SUFFIX + unrenamed + "}")) {
                    entries.forEach(left::add);
                }
            }
        }
        byte[] current = null;
        for (Path journal : left) {
            String name = journal.getFileName().toString();
            if (name.equals(prefix + lock.token() + JOURNAL_SUFFIX)) {
                continue;
            }
            if (name.startsWith(".")) {
                Files.deleteIfExists(journal); // a temp file that never became a journal: its write did not land
                continue;
            }
            List<byte[]> lines = linesOf(journal);
            current = current != null ? current : read(file);
            if (intact(lines) && current != null
                    && names(new String(lines.get(0), StandardCharsets.US_ASCII).split(" ")[0], current)) {
                deliver(journal, lines);
            } else {
                Files.deleteIfExists(journal);
            }
        }
        earlierJournalDir = null; // looked at, under the lock: what an earlier build left is delivered or dropped
    }

    private Path requireLog() {
        if (log == null) {
            throw new IllegalStateException("The store of " + file + " has no log to append to");
        }
        return log;
    }

    private static byte[] joined(List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        lines.forEach(l -> {
            out.writeBytes(l);
            out.write('\n');
        });
        return out.toByteArray();
    }

    /**
     * What a journal records of the content its transaction writes, to tell later whether the
     * file holds it: the length and two 32-bit CRCs of different polynomials (CRC-32C, CRC-32),
     * {@code <length>:<crc32c>:<crc32>}. Together they are a 64-bit CRC: two contents of one
     * length that differ in at most 32 consecutive bits always differ in it, others with odds of
     * 2^-64. Both CRCs are computed by the CPU's instructions, also in the C1-compiled code that
     * workers run: a SHA-256 of a 2 MB roadmap took ~16 ms there, half of a claim's CPU.
     */
    static String fingerprint(byte[] content) {
        CRC32C crc32c = new CRC32C();
        crc32c.update(content);
        CRC32 crc32 = new CRC32();
        crc32.update(content);
        return content.length + ":" + Long.toHexString(crc32c.getValue()) + ":" + Long.toHexString(crc32.getValue());
    }

    /**
     * Whether a journal's record of its content names {@code content}: a fingerprint, or the
     * SHA-256 (64 hex digits) that journals of earlier builds recorded (one left by a crash before an upgrade).
     */
    static boolean names(String recorded, byte[] content) {
        if (recorded.length() == 64 && recorded.indexOf(':') < 0) {
            try {
                return recorded.equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every Java platform", e);
            }
        }
        return recorded.equals(fingerprint(content));
    }
}
