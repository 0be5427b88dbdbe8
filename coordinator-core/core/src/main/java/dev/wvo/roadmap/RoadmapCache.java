package dev.wvo.roadmap;

import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.schedule.Blocker;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.zip.CRC32;

/**
 * A parsed roadmap kept on disk for the commands that only read it ({@code wvo status},
 * {@code wvo task list}, the live views) and for a roadmap store's first read (a worker's start, a
 * command's one transaction): how a fresh JVM shows or claims from a roadmap of 10,000 tasks without
 * parsing 2 MB of YAML each time. The readers keep what they read; the writers keep what they had
 * to parse whole ({@code wvo init}, tasks added). Only large roadmaps are kept ({@link #WORTH_KEEPING});
 * below that a parse costs less than reading and writing the cache.
 *
 * <p>The cache holds the roadmap's bytes as they were parsed, its settings, tasks, warnings and task layout.
 * It is used only for what it can prove: when the file's bytes are exactly the kept ones (the
 * whole text compared, a stronger proof than inode, size, time and a checksum), the kept roadmap
 * is the file's; when they are the kept ones with some task pieces replaced (a worker's claim),
 * {@link RoadmapSplice} proves it and parses only those pieces; else the file is parsed whole.
 * Either way the cache is then rewritten whole ({@link AtomicWrite}: a reader sees the old cache
 * or the new one). A cache that is missing, damaged (its checksum), truncated, of another format
 * or written by another build of wvo reads as none and is replaced; nothing about it is ever an
 * error. It lives under {@code locks/}, with the other runtime files that are never committed.
 *
 * <p>A kept roadmap decodes each task's fields when they are asked for, one field or all of them
 * (the checksum and the build, checked before anything is used, prove what is decoded later):
 * {@code wvo status} on 10,000 tasks reads one to three fields of each.
 */
public final class RoadmapCache {

    /** Roadmaps at least this large (bytes) are kept: a 256 KB roadmap costs a fresh JVM a few hundred ms to parse. */
    public static final int WORTH_KEEPING = 256 * 1024;
    private static final int MAGIC = 0x5756_4f52; // "WVOR"
    private static final int FORMAT = 7;
    /**
     * The largest cache read: the largest roadmap ({@link BoundedRead#DOCUMENT}) and its tables,
     * which take about one and a half times its text (4.7 MB for a 2 MB roadmap of 10,000 tasks).
     */
    private static final int LARGEST = 4 * BoundedRead.DOCUMENT;
    /** Which build of wvo wrote a cache: another build may read YAML differently, so its cache is not trusted. */
    private static final String BUILD = build();

    private final Path roadmap;
    private final Path cache;
    private final int worthKeeping;
    private final int largest;

    /**
     * @param roadmap the roadmap file
     * @param cache   where its parsed form is kept ({@code locks/roadmap.cache} of the state directory)
     */
    public RoadmapCache(Path roadmap, Path cache) {
        this(roadmap, cache, WORTH_KEEPING);
    }

    RoadmapCache(Path roadmap, Path cache, int worthKeeping) {
        this(roadmap, cache, worthKeeping, LARGEST);
    }

    /** @param largest the largest cache file kept and read, in bytes ({@link #LARGEST}; smaller in tests) */
    RoadmapCache(Path roadmap, Path cache, int worthKeeping, int largest) {
        this.roadmap = roadmap;
        this.cache = cache;
        this.worthKeeping = worthKeeping;
        this.largest = largest;
    }

    /**
     * Reads the roadmap, from the cache when it proves to hold it, and keeps what was read for the
     * next reader.
     *
     * @throws RoadmapException as {@link RoadmapReader#read(Path)}
     */
    public Roadmap read() {
        return read(RoadmapReader.bytes(roadmap), null, false, true);
    }

    /**
     * As {@link #read()}, of {@code bytes}, which the caller read from the file ({@link RoadmapStore}'s
     * first read, without the lock): a worker's start on a roadmap of 10,000 tasks reads the kept
     * roadmap instead of parsing 2 MB of YAML.
     *
     * @param bytes the file's bytes, not null
     */
    Roadmap read(byte[] bytes) {
        return read(bytes, null, false, true);
    }

    /**
     * As {@link #read(byte[])}, leaving the cache file as it is: for a read under the roadmap lock,
     * which should not write 4 MB while every other writer waits.
     */
    Roadmap readWithoutKeeping(byte[] bytes) {
        return read(bytes, null, false, false);
    }

    /**
     * As {@link #read()}, with each task judged ({@link RoadmapBoardStore#blockersOf}) and the
     * judgement kept with the roadmap: a reader of an unchanged roadmap gets it from the cache
     * instead of judging every task again. For the commands that show every task's judgement
     * ({@code wvo task list}); the cache proves it as it proves the roadmap (the same bytes, this
     * build), and a roadmap changed since is judged anew, never taken from the one before.
     *
     * @throws RoadmapException as {@link RoadmapReader#read(Path)}
     */
    public Roadmap readJudged() {
        return read(RoadmapReader.bytes(roadmap), null, true, true);
    }

    /**
     * As {@link #read()}, from {@code known} instead of the cache file when there is one: a roadmap
     * this process read before. A live view that keeps the roadmap it shows splices a change from
     * it, instead of reading and decoding the kept one from disk again at every change.
     *
     * @param known a roadmap read earlier by this process from the same file, or null
     */
    public Roadmap read(Roadmap known) {
        return read(RoadmapReader.bytes(roadmap), known, false, true);
    }

    /**
     * Reads the roadmap in {@code bytes} as {@link #read(Roadmap)} does; with {@code judged}, judged
     * and kept so ({@link #readJudged()}); with {@code keep}, what it had to read is kept.
     */
    private Roadmap read(byte[] bytes, Roadmap known, boolean judged, boolean keep) {
        if (bytes == null || bytes.length < worthKeeping) {
            return RoadmapReader.read(roadmap, bytes); // judged when asked: a small roadmap is not kept
        }
        Optional<Roadmap> kept = known != null ? Optional.of(known) : load();
        if (kept.isPresent() && sameBytes(bytes, kept.get().utf8())) {
            Roadmap same = kept.get();
            if (judged && same.knownBlockers() == null) {
                RoadmapBoardStore.blockersOf(same);
                if (keep) {
                    store(same, true); // its records copied as they are, the judgement added
                }
            }
            return same;
        }
        String text = RoadmapReader.decode(roadmap, bytes);
        Roadmap read = kept.flatMap(k -> RoadmapSplice.apply(k, text, bytes))
                .orElseGet(() -> RoadmapReader.parse(roadmap, text).withUtf8(bytes));
        if (judged) {
            RoadmapBoardStore.blockersOf(read);
        }
        if (keep) {
            store(read, false);
        }
        return read;
    }

    /**
     * Keeps {@code written}, a roadmap its writer parsed whole ({@code wvo init}, tasks added by
     * {@code import} or {@code task add}), for the next reader: a worker started after the {@code init} of 10,000 tasks
     * reads it instead of parsing 2 MB of YAML. A small roadmap is not kept ({@link #WORTH_KEEPING}).
     */
    void keep(Roadmap written) {
        if (written.utf8().length < worthKeeping) {
            return;
        }
        try {
            store(written, false);
        } catch (RuntimeException e) {
            // the roadmap was written before: a cache that could not be kept only costs the next reader a parse
        }
    }

    /** How many bytes {@link #sameBytes} compares a call. */
    private static final int BLOCK = 512;

    /**
     * Whether {@code a} and {@code b} are the same bytes, compared whole, {@link #BLOCK} bytes a call.
     * One {@code Arrays.equals} over a 2 MB roadmap is one call, whose loop a fresh JVM runs
     * interpreted until it compiles it on the stack: ~4 ms of {@code task list}'s main thread, the
     * largest step of reading the kept roadmap. A method called per block is compiled after a few
     * hundred calls: ~1 ms (docs/performance.md, "CLI start-up on a 10,000-task roadmap").
     */
    static boolean sameBytes(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int from = 0; from < a.length; from += BLOCK) {
            if (!sameBlock(a, b, from, Math.min(a.length, from + BLOCK))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameBlock(byte[] a, byte[] b, int from, int to) {
        return Arrays.equals(a, from, to, b, from, to);
    }

    /** The kept roadmap, if the cache file holds one this build wrote, whole. */
    private Optional<Roadmap> load() {
        byte[] data;
        try {
            data = BoundedRead.bytes(cache, largest);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable or larger than any this build writes: parsed whole, and replaced if it can be
        }
        try {
            return Optional.ofNullable(Decoder.roadmap(roadmap, data));
        } catch (RuntimeException e) {
            return Optional.empty(); // damaged in a way the checksum did not catch: read as none
        }
    }

    /**
     * Writes {@code read} as the cache, with its judgement if it has one; a cache that cannot be
     * written (read-only state, full disk) is left.
     *
     * @param forTheJudgement whether the cache holds {@code read} already and is written only to add
     *                        its judgement: left as it is when that cannot be kept
     */
    private void store(Roadmap read, boolean forTheJudgement) {
        byte[] data;
        try {
            data = Encoder.of(read, true);
            if (data.length > largest && read.knownBlockers() != null && !forTheJudgement) {
                // the judgement's words are the reasons of every task that cannot start, which long
                // lists of dependencies can make several times the roadmap's size: kept without
                // them, such a roadmap is judged at each list rather than parsed
                data = Encoder.of(read, false);
            }
        } catch (NotKept e) {
            return; // a value the cache has no encoding for: such a roadmap is parsed each time
        }
        if (data.length > largest) {
            return; // more than a reader takes (load): such a roadmap is parsed each time
        }
        try {
            // not forced to disk: a cache cut short by a power cut fails its checksum and reads as none
            AtomicWrite.writeUnforced(cache, data);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // the cache only saves time: a reader that cannot write it parses the next time too
        }
    }

    /** The identity of the wvo build that runs: the jar (or class directory) RoadmapReader comes from, with its size and time. */
    private static String build() {
        try {
            CodeSource source = RoadmapReader.class.getProtectionDomain().getCodeSource();
            Path location = Path.of(source.getLocation().toURI());
            String build = location + " " + Files.size(location) + " " + Files.getLastModifiedTime(location).toMillis();
            return Files.isDirectory(location) ? build + " " + newestClass(location) : build;
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The newest class file of the code whose output the cache keeps (the reader and the
     * judgement's rules) in a class directory (an IDE's run, the tests'): a directory's own time
     * does not change when a class in it is compiled again.
     */
    private static String newestClass(Path classes) throws IOException {
        long newest = 0;
        int count = 0;
        for (Class<?> of : List.of(RoadmapReader.class, Blocker.class)) {
            Path dir = classes.resolve(of.getPackageName().replace('.', '/'));
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    newest = Math.max(newest, Files.getLastModifiedTime(f).toMillis());
                    count++;
                }
            }
        }
        return count + " classes, newest " + newest;
    }

    /** A roadmap the cache cannot hold (a value of a type it does not encode). */
    private static final class NotKept extends Exception {
        NotKept(String what) {
            super(what, null, false, false);
        }
    }

    // The cache file, in this order (FORMAT 7):
    //   MAGIC, FORMAT, the build (length, UTF-8), the roadmap's bytes (length, bytes), whether they
    //     are ASCII, its layout, whether it is anchored;
    //   the string table: how many, where each starts in the blob, the blob's length, the blob
    //     (each string as its length and UTF-8 bytes: once in a table written anew; a table
    //     copied from the cache before gets the changed tasks' strings again, and old ones stay);
    //   the top-level keys of the tasks and settings: how many, their strings (each key once,
    //     whatever the table);
    //   the records: their length, then each task's fields and last the settings: how many, where
    //     each field's key and value are (a string, an offset in the records), then the values;
    //   the tasks: how many, then the line, base, epic and record of each; the settings' record;
    //   the warnings, those of single entries again (Roadmap.entryWarnings), the task layout's columns;
    //   whether the tasks' judgement is kept (RoadmapBoardStore.blockersOf), and if so the
    //     judgement with its own table of words (KeptBlockers);
    //   and a CRC-32 of everything before it (format 6 had a CRC32C, whose class builds its
    //     tables in Java when first used: ~1.5 ms of every fresh JVM that reads a kept roadmap;
    //     CRC32's are in zlib, which the JVM has loaded to read its jars).
    // A string is written as its index in the table (-1 for null). A value is a tag byte, then
    // the value. Strings and fields are decoded when they are first asked for: `wvo status`
    // counts 10,000 tasks by their status alone and looks closer at a few, and decoding every
    // field of every task in a JVM that has not compiled the decoder was ~40 % of its time.
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte LIST = 6;
    private static final byte MAP = 7;

    private static final class Encoder {
        /**
         * The kept cache most tasks were read from, or null: their records are copied from it as
         * they are, not decoded and encoded again (a status after a worker's claim would else
         * re-encode 10,000 tasks to store the two it changed).
         */
        private final Decoder source;
        private final Map<String, Integer> strings = new HashMap<>();
        private int stringCount;
        private final ByteArrayOutputStream stringBlob = new ByteArrayOutputStream(1 << 16);
        private final DataOutputStream stringOut = new DataOutputStream(stringBlob);
        private int[] stringAt = new int[1024];
        private final Set<Integer> keys = new LinkedHashSet<>();
        private final ByteArrayOutputStream records = new ByteArrayOutputStream(1 << 20);
        private final DataOutputStream recordOut = new DataOutputStream(records);
        /** One record's values, written before its directory, which says where each one starts. */
        private final ByteArrayOutputStream values = new ByteArrayOutputStream(1 << 10);
        private final DataOutputStream valueOut = new DataOutputStream(values);

        private Encoder(Decoder source) {
            this.source = source;
        }

        /** The cache of {@code r}, with the judgement it carries when {@code withJudgement}. */
        static byte[] of(Roadmap r, boolean withJudgement) throws NotKept {
            Decoder source = null;
            for (RoadmapTask t : r.tasks()) {
                if (t.fields() instanceof KeptFields k) {
                    source = k.kept;
                    break;
                }
            }
            if (source != null && source.stringBlobLength > r.utf8().length) {
                // a copied table keeps the strings no task uses any more (a claim's old time, say)
                // and the changed tasks' strings added again: once they outgrow the roadmap's
                // text itself, the table is written anew
                source = null;
            }
            try {
                Encoder encoder = new Encoder(source);
                if (source != null) {
                    encoder.startFrom(source);
                }
                return encoder.write(r, withJudgement);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
        }

        /**
         * The string table and keys of {@code kept}, as they are, to add to: a copied record's
         * strings keep their numbers. Only the keys are decoded, to be found again by their text
         * (a key has one number, which the reader looks fields up by); a changed task's other
         * strings are added again even when the table has them, rather than decoding 40,000
         * strings to find out.
         */
        private void startFrom(Decoder kept) {
            stringBlob.write(kept.data, kept.stringBlobAt, kept.stringBlobLength);
            stringAt = new int[Math.max(1024, kept.stringCount + 1024)];
            for (int i = 0; i < kept.stringCount; i++) {
                stringAt[i] = kept.peekInt(kept.stringIndexAt + 4 * i);
            }
            stringCount = kept.stringCount;
            kept.keys.forEach((key, index) -> {
                strings.put(key, index);
                keys.add(index);
            });
        }

        private byte[] write(Roadmap r, boolean withJudgement) throws IOException, NotKept {
            List<RoadmapTask> tasks = r.tasks();
            int[] recordAt = new int[tasks.size()];
            int[] epics = new int[tasks.size()];
            for (int i = 0; i < recordAt.length; i++) {
                RoadmapTask t = tasks.get(i);
                epics[i] = string(t.enclosingEpic());
                recordAt[i] = records.size();
                if (!copied(t.fields())) {
                    record(t.fields());
                }
            }
            int settingsAt = records.size();
            record(r.settings());
            int[][] warnings = warnings(r.warnings());
            int[][] entryWarnings = warnings(r.entryWarnings());
            byte[] utf8 = r.utf8();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(utf8.length + stringBlob.size() + records.size()
                    + 64 * recordAt.length + 1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            byte[] build = BUILD.getBytes(StandardCharsets.UTF_8);
            out.writeInt(build.length);
            out.write(build);
            out.writeInt(utf8.length);
            out.write(utf8);
            out.writeBoolean(r.isAscii());
            out.writeByte(r.layout().ordinal());
            out.writeBoolean(r.isAnchored());
            out.writeInt(stringCount);
            for (int i = 0; i < stringCount; i++) {
                out.writeInt(stringAt[i]);
            }
            out.writeInt(stringBlob.size());
            stringBlob.writeTo(out);
            out.writeInt(keys.size());
            for (int key : keys) {
                out.writeInt(key);
            }
            out.writeInt(records.size());
            records.writeTo(out);
            out.writeInt(recordAt.length);
            for (int i = 0; i < recordAt.length; i++) {
                RoadmapTask t = tasks.get(i);
                out.writeInt(t.line());
                out.writeInt(t.base());
                out.writeInt(epics[i]);
                out.writeInt(recordAt[i]);
            }
            out.writeInt(settingsAt);
            for (int[][] list : List.of(warnings, entryWarnings)) {
                out.writeInt(list.length);
                for (int[] w : list) {
                    out.writeInt(w[0]);
                    out.writeInt(w[1]);
                    out.writeInt(w[2]);
                }
            }
            Optional<TaskLayout> layout = r.taskLayout();
            out.writeBoolean(layout.isPresent());
            if (layout.isPresent()) {
                TaskLayout l = layout.get();
                for (int[] column : l.columns()) {
                    for (int v : column) {
                        out.writeInt(v);
                    }
                }
            }
            List<Blocker> blockers = withJudgement ? r.knownBlockers() : null;
            out.writeBoolean(blockers != null);
            if (blockers != null) {
                KeptBlockers.write(blockers, out);
            }
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        }

        /**
         * Copies a kept task's record from {@link #source} as it is, if it comes from there: its
         * keys and strings keep their numbers, and where each value starts moves with the record.
         */
        private boolean copied(Map<String, Object> fields) throws IOException {
            if (!(fields instanceof KeptFields k) || k.kept != source) {
                return false;
            }
            int from = k.record;
            int n = source.peekInt(from);
            int valuesFrom = from + 4 + 8 * n;
            Cursor values = new Cursor(source, valuesFrom);
            for (int i = 0; i < n; i++) {
                values.skipValue();
            }
            int shift = records.size() - (from - source.recordsAt);
            recordOut.writeInt(n);
            for (int i = 0; i < n; i++) {
                int entry = from + 4 + 8 * i;
                recordOut.writeInt(source.peekInt(entry));
                recordOut.writeInt(source.peekInt(entry + 4) + shift);
            }
            recordOut.write(source.data, valuesFrom, values.at - valuesFrom);
            return true;
        }

        /** A task's fields: how many, (key, where its value starts) for each, then the values in that order. */
        private void record(Map<String, Object> fields) throws IOException, NotKept {
            values.reset();
            int[] directory = new int[2 * fields.size()];
            int i = 0;
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                directory[i++] = key(e.getKey());
                directory[i++] = values.size();
                value(e.getValue());
            }
            int valuesAt = records.size() + 4 + 4 * directory.length;
            recordOut.writeInt(fields.size());
            for (int j = 0; j < directory.length; j += 2) {
                recordOut.writeInt(directory[j]);
                recordOut.writeInt(valuesAt + directory[j + 1]);
            }
            values.writeTo(recordOut);
        }

        private int key(Object key) throws IOException, NotKept {
            if (!(key instanceof String s)) {
                throw new NotKept("a key that is not text: " + key);
            }
            int index = string(s);
            keys.add(index);
            return index;
        }

        private void value(Object v) throws IOException, NotKept {
            if (v == null) {
                valueOut.writeByte(NULL);
            } else if (v instanceof String s) {
                valueOut.writeByte(STRING);
                valueOut.writeInt(string(s));
            } else if (v instanceof Boolean b) {
                valueOut.writeByte(b ? TRUE : FALSE);
            } else if (v instanceof Long n) {
                valueOut.writeByte(LONG);
                valueOut.writeLong(n);
            } else if (v instanceof Double d) {
                valueOut.writeByte(DOUBLE);
                valueOut.writeDouble(d);
            } else if (v instanceof List<?> list) {
                valueOut.writeByte(LIST);
                valueOut.writeInt(list.size());
                for (Object item : list) {
                    value(item);
                }
            } else if (v instanceof Map<?, ?> map) {
                valueOut.writeByte(MAP);
                valueOut.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new NotKept("a key that is not text: " + e.getKey());
                    }
                    valueOut.writeInt(string(key));
                    value(e.getValue());
                }
            } else {
                throw new NotKept("a value of type " + v.getClass().getName());
            }
        }

        /** Each warning as its task's id, line and message, the strings as their indexes in the table. */
        private int[][] warnings(List<RoadmapWarning> list) throws IOException {
            int[][] warnings = new int[list.size()][];
            for (int i = 0; i < warnings.length; i++) {
                RoadmapWarning w = list.get(i);
                warnings[i] = new int[] {string(w.taskId()), w.line(), string(w.message())};
            }
            return warnings;
        }

        /** A string's index in the table (-1 for null), adding it the first time. */
        private int string(String s) throws IOException {
            if (s == null) {
                return -1;
            }
            Integer known = strings.get(s);
            if (known != null) {
                return known;
            }
            int index = stringCount++;
            strings.put(s, index);
            if (index == stringAt.length) {
                stringAt = Arrays.copyOf(stringAt, 2 * index);
            }
            stringAt[index] = stringBlob.size();
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            stringOut.writeInt(utf8.length);
            stringOut.write(utf8);
            return index;
        }
    }

    /**
     * Reads what {@link Encoder} wrote: the roadmap's text, layout, warnings and where each task
     * lies at once, each task's fields as they are asked for. The whole file is checked first (its
     * checksum, format and build), so what is decoded later is what this build wrote.
     */
    private static final class Decoder {
        private final byte[] data;
        private final int end;
        private int stringCount;
        private int stringIndexAt;
        private int stringBlobAt;
        private int stringBlobLength;
        private int recordsAt;
        private int recordsLength;
        /** The strings decoded so far, by index (a race decodes one twice, equal both times). */
        private String[] strings;
        /** Each top-level key of the tasks and of the settings, with its index: a key not among them is in no record. */
        private final Map<String, Integer> keys = new HashMap<>();

        private Decoder(byte[] data, int end) {
            this.data = data;
            this.end = end;
        }

        /** The kept roadmap; null when the data is not a whole cache of this format and build. */
        static Roadmap roadmap(Path file, byte[] data) {
            if (data.length < 12) {
                return null;
            }
            int end = data.length - 4;
            CRC32 crc = new CRC32();
            crc.update(data, 0, end);
            Decoder kept = new Decoder(data, end);
            Cursor in = new Cursor(kept, 0);
            // the checksum: the last four bytes, past the end of what it covers
            if (intAt(data, end) != (int) crc.getValue() || in.readInt() != MAGIC || in.readInt() != FORMAT
                    || !BUILD.equals(new String(in.bytes(in.readInt()), StandardCharsets.UTF_8))) {
                return null;
            }
            byte[] utf8 = in.bytes(in.readInt());
            // an ASCII text is read from its bytes when it is read at all: `status` does not, and
            // decoding 2 MB into a string was ~2 ms of its main thread
            CharSequence text = in.readByte() != 0 ? new AsciiText(utf8) : new String(utf8, StandardCharsets.UTF_8);
            Layout layout = Layout.values()[in.readByte()];
            boolean anchored = in.readByte() != 0;
            kept.stringCount = in.readInt();
            kept.stringIndexAt = in.skip(4L * kept.stringCount);
            kept.stringBlobLength = in.readInt();
            kept.stringBlobAt = in.skip(kept.stringBlobLength);
            kept.strings = new String[kept.stringCount];
            int keyCount = in.readInt();
            for (int i = 0; i < keyCount; i++) {
                int index = in.readInt();
                kept.keys.put(kept.string(index), index);
            }
            kept.recordsLength = in.readInt();
            kept.recordsAt = in.skip(kept.recordsLength);
            int n = in.readInt();
            List<RoadmapTask> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                // a method per task: the JVM compiles it after a few hundred calls, where the body of
                // a loop of 10,000 in one call would run interpreted nearly to its end
                tasks.add(kept.task(in, i));
            }
            int settingsAt = kept.recordsAt + in.readInt();
            check(settingsAt, 4, kept.recordsAt, kept.recordsLength);
            Map<String, Object> settings = kept.fields(settingsAt);
            List<RoadmapWarning> warnings = warnings(in);
            List<RoadmapWarning> entryWarnings = warnings(in);
            TaskLayout taskLayout = null;
            if (in.readByte() != 0) {
                int[][] columns = new int[6][n];
                for (int[] column : columns) {
                    in.readInts(column); // one copy, not 10,000 reads in a loop that runs interpreted
                }
                taskLayout = new TaskLayout(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
            }
            List<Blocker> blockers = in.readByte() != 0 ? KeptBlockers.read(in, n) : null;
            if (in.at != end) {
                return null;
            }
            return Roadmap.kept(file, text, layout, settings, tasks, warnings, entryWarnings, anchored,
                    Optional.ofNullable(taskLayout)).withUtf8(utf8).withBlockers(blockers);
        }

        /** Warnings as {@link Encoder#warnings} wrote them, after their count. */
        private static List<RoadmapWarning> warnings(Cursor in) {
            int n = in.readInt();
            List<RoadmapWarning> warnings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                warnings.add(new RoadmapWarning(in.string(), in.readInt(), in.string()));
            }
            return warnings;
        }

        /** The kept task at {@code in}, the {@code index}th of the file: where it stands and its record, fields undecoded. */
        RoadmapTask task(Cursor in, int index) {
            int line = in.readInt();
            int base = in.readInt();
            String epic = in.string();
            int record = in.readInt();
            check(recordsAt + record, 4, recordsAt, recordsLength);
            return RoadmapTask.parsedAt(new KeptFields(this, recordsAt + record), null, base, line, index, epic);
        }

        String string(int index) {
            if (index == -1) {
                return null;
            }
            if (index < 0 || index >= stringCount) {
                throw new IllegalStateException("string " + index + " of " + stringCount);
            }
            String s = strings[index];
            if (s == null) {
                int at = stringBlobAt + peekInt(stringIndexAt + 4 * index);
                check(at, 4, stringBlobAt, stringBlobLength);
                int length = peekInt(at);
                check(at + 4, length, stringBlobAt, stringBlobLength);
                s = new String(data, at + 4, length, StandardCharsets.UTF_8);
                strings[index] = s;
            }
            return s;
        }

        /** Where the value of {@code key} of the record at {@code record} starts, or -1 if it has none. */
        int valueAt(int record, Object key) {
            Integer index = keys.get(key);
            if (index == null) {
                return -1;
            }
            int n = peekInt(record);
            for (int i = 0; i < n; i++) {
                int entry = record + 4 + 8 * i;
                if (peekInt(entry) == index) {
                    return recordsAt + peekInt(entry + 4);
                }
            }
            return -1;
        }

        /** Every field of the record at {@code record}, in file order. */
        Map<String, Object> fields(int record) {
            Map<String, Object> fields = new LinkedHashMap<>();
            forEachField(record, fields::put);
            return fields;
        }

        /** Each field of the record at {@code record} decoded and handed on, in file order, none kept. */
        void forEachField(int record, BiConsumer<String, Object> action) {
            int n = peekInt(record);
            Cursor in = new Cursor(this, record + 4 + 8 * n);
            for (int i = 0; i < n; i++) {
                action.accept(string(peekInt(record + 4 + 8 * i)), in.value());
            }
        }

        int peekInt(int from) {
            check(from, 4, 0, end);
            return intAt(data, from);
        }

        /** The big-endian int at {@code from}, as {@link java.io.DataOutputStream#writeInt} wrote it. */
        private static int intAt(byte[] data, int from) {
            return (data[from] & 0xFF) << 24 | (data[from + 1] & 0xFF) << 16 | (data[from + 2] & 0xFF) << 8
                    | (data[from + 3] & 0xFF);
        }

        /** That the {@code length} bytes at {@code at} lie within the {@code size} bytes at {@code from}. */
        static void check(int at, int length, int from, int size) {
            if (length < 0 || at < from || (long) at + length > (long) from + size) {
                throw new IllegalStateException("truncated");
            }
        }
    }

    /** A position in a kept cache, read forwards. */
    private static final class Cursor {
        private final Decoder kept;
        private int at;

        Cursor(Decoder kept, int at) {
            this.kept = kept;
            this.at = at;
        }

        Object value() {
            byte tag = readByte();
            return switch (tag) {
                case NULL -> null;
                case STRING -> string();
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case LONG -> readLong();
                case DOUBLE -> Double.longBitsToDouble(readLong());
                case LIST -> {
                    int n = readInt();
                    List<Object> list = new ArrayList<>(Math.min(n, 1024));
                    for (int i = 0; i < n; i++) {
                        list.add(value());
                    }
                    yield list;
                }
                case MAP -> {
                    int n = readInt();
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) {
                        String key = string();
                        map.put(key, value());
                    }
                    yield map;
                }
                default -> throw new IllegalStateException("unknown tag " + tag);
            };
        }

        String string() {
            return kept.string(readInt());
        }

        /** Moves past one value without decoding it. */
        void skipValue() {
            byte tag = readByte();
            switch (tag) {
                case NULL, TRUE, FALSE -> {
                }
                case STRING -> skip(4);
                case LONG, DOUBLE -> skip(8);
                case LIST -> {
                    int n = readInt();
                    for (int i = 0; i < n; i++) {
                        skipValue();
                    }
                }
                case MAP -> {
                    int n = readInt();
                    for (int i = 0; i < n; i++) {
                        skip(4);
                        skipValue();
                    }
                }
                default -> throw new IllegalStateException("unknown tag " + tag);
            }
        }

        /** Skips {@code length} bytes; returns where they start. */
        int skip(long length) {
            int from = at;
            if (length < 0 || length > kept.end - at) {
                throw new IllegalStateException("truncated");
            }
            at += (int) length;
            return from;
        }

        byte[] bytes(int length) {
            int from = skip(length);
            return Arrays.copyOfRange(kept.data, from, from + length);
        }

        byte readByte() {
            return kept.data[skip(1)];
        }

        int readInt() {
            return kept.peekInt(skip(4));
        }

        /** Fills {@code into} with the next ints, big-endian as {@link #readInt} reads each. */
        void readInts(int[] into) {
            int from = skip(4L * into.length);
            ByteBuffer.wrap(kept.data, from, 4 * into.length).asIntBuffer().get(into);
        }

        long readLong() {
            long high = readInt();
            return (high << 32) | (readInt() & 0xFFFF_FFFFL);
        }
    }

    /**
     * The kept judgement of a roadmap's tasks ({@link RoadmapBoardStore#blockersOf}), each task's
     * blocker made when it is asked for. Its words have a table of their own, written anew with
     * the judgement: in the cache's string table, which a rewrite after a worker's change copies
     * and adds to, every judgement kept would leave its few thousand words behind. Written as
     * <pre>
     *   words: how many; where each starts in the blob; the blob's length; the blob (UTF-8, each
     *     word up to the next one's start)
     *   each task's kind (a byte: 0 for a runnable task, else the kind's ordinal + 1), then
     *     each task's word (its index; -1 for a runnable task)
     * </pre>
     * so that a reader takes each column in one copy and decodes a word once, when first asked
     * for: most tasks share a few ("status is done").
     */
    private static final class KeptBlockers extends AbstractList<Blocker> implements RandomAccess {
        private static final Blocker.Kind[] KINDS = Blocker.Kind.values();
        private final byte[] kinds;
        private final int[] wordOf;
        private final int[] wordAt;
        private final byte[] blob;
        /** The words decoded so far, by index (a race decodes one twice, equal both times). */
        private final String[] words;
        /** The blockers made so far (as the words). */
        private final Blocker[] made;

        private KeptBlockers(byte[] kinds, int[] wordOf, int[] wordAt, byte[] blob) {
            this.kinds = kinds;
            this.wordOf = wordOf;
            this.wordAt = wordAt;
            this.blob = blob;
            this.words = new String[wordAt.length];
            this.made = new Blocker[kinds.length];
        }

        static void write(List<Blocker> blockers, DataOutputStream out) throws IOException {
            Map<String, Integer> index = new HashMap<>();
            List<Integer> starts = new ArrayList<>();
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            byte[] kinds = new byte[blockers.size()];
            int[] wordOf = new int[blockers.size()];
            for (int i = 0; i < kinds.length; i++) {
                Blocker b = blockers.get(i);
                kinds[i] = b == null ? 0 : (byte) (b.kind().ordinal() + 1);
                wordOf[i] = b == null ? -1 : index.computeIfAbsent(b.detail(), words -> {
                    starts.add(blob.size());
                    blob.writeBytes(words.getBytes(StandardCharsets.UTF_8));
                    return starts.size() - 1;
                });
            }
            out.writeInt(starts.size());
            for (int start : starts) {
                out.writeInt(start);
            }
            out.writeInt(blob.size());
            blob.writeTo(out);
            out.write(kinds);
            for (int word : wordOf) {
                out.writeInt(word);
            }
        }

        /** The judgement of {@code tasks} tasks at {@code in}, its kinds and words checked (a bad one reads as no cache). */
        static KeptBlockers read(Cursor in, int tasks) {
            int[] wordAt = new int[in.readInt()];
            in.readInts(wordAt);
            byte[] blob = in.bytes(in.readInt());
            byte[] kinds = in.bytes(tasks);
            int[] wordOf = new int[tasks];
            in.readInts(wordOf);
            KeptBlockers kept = new KeptBlockers(kinds, wordOf, wordAt, blob);
            for (int i = 0; i < tasks; i++) {
                kept.check(i); // a method per task: compiled after a few hundred calls
            }
            return kept;
        }

        private void check(int task) {
            int kind = kinds[task];
            int word = wordOf[task];
            boolean runnable = kind == 0 && word == -1;
            if (!runnable && (kind < 1 || kind > KINDS.length || word < 0 || word >= wordAt.length
                    || wordAt[word] < 0 || wordAt[word] > end(word) || end(word) > blob.length)) {
                throw new IllegalStateException("task " + task + ": blocker kind " + kind + ", word " + word);
            }
        }

        private int end(int word) {
            return word + 1 < wordAt.length ? wordAt[word + 1] : blob.length;
        }

        @Override
        public Blocker get(int task) {
            Blocker b = made[task];
            if (b == null && kinds[task] != 0) {
                b = new Blocker(KINDS[kinds[task] - 1], word(wordOf[task]));
                made[task] = b;
            }
            return b;
        }

        private String word(int word) {
            String w = words[word];
            if (w == null) {
                w = new String(blob, wordAt[word], end(word) - wordAt[word], StandardCharsets.UTF_8);
                words[word] = w;
            }
            return w;
        }

        @Override
        public int size() {
            return kinds.length;
        }
    }

    /**
     * A kept task's fields: one field decoded when it is asked for ({@link #get}, {@link
     * #containsKey}), all of them the first time something needs them all (its entries, its
     * values), then kept; a pass with {@link #forEach} decodes them all without keeping them.
     * Read-only itself (its decoded map is unmodifiable), so its task holds it as it is: the
     * {@link Encoder} knows it by its class and copies its record instead of encoding it again.
     */
    static final class KeptFields extends AbstractMap<String, Object> {
        private final Decoder kept;
        private final int record;
        private volatile Map<String, Object> whole;

        KeptFields(Decoder kept, int record) {
            this.kept = kept;
            this.record = record;
        }

        @Override
        public Object get(Object key) {
            Map<String, Object> all = whole;
            if (all != null) {
                return all.get(key);
            }
            int at = kept.valueAt(record, key);
            return at < 0 ? null : new Cursor(kept, at).value();
        }

        @Override
        public boolean containsKey(Object key) {
            Map<String, Object> all = whole;
            return all != null ? all.containsKey(key) : kept.valueAt(record, key) >= 0;
        }

        @Override
        public int size() {
            Map<String, Object> all = whole;
            return all != null ? all.size() : kept.peekInt(record);
        }

        @Override
        public boolean containsValue(Object value) {
            return whole().containsValue(value);
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return whole().entrySet();
        }

        /**
         * Each field once, decoded straight to {@code action} unless they are all decoded already:
         * a task's view copies them into a map of its own, and a second map of them (kept here)
         * would only cost a 10,000-task {@code task list} its time.
         */
        @Override
        public void forEach(BiConsumer<? super String, ? super Object> action) {
            Map<String, Object> all = whole;
            if (all != null) {
                all.forEach(action);
            } else {
                kept.forEachField(record, action::accept);
            }
        }

        private Map<String, Object> whole() {
            Map<String, Object> all = whole;
            if (all == null) {
                all = Collections.unmodifiableMap(kept.fields(record));
                whole = all;
            }
            return all;
        }
    }
}
