package dev.wvo.roadmap;

import dev.wvo.fs.AtomicWrite;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A parsed roadmap kept on disk for the commands that only read it ({@code wvo status},
 * {@code wvo task list}, the live views): how a fresh JVM shows a roadmap of 10,000 tasks without
 * parsing 2 MB of YAML each time. Only large roadmaps are kept ({@link #WORTH_KEEPING}); below
 * that a parse costs less than reading and writing the cache.
 *
 * <p>The cache holds the roadmap's bytes as they were parsed, its tasks, warnings and task layout.
 * It is used only for what it can prove: when the file's bytes are exactly the kept ones (the
 * whole text compared, a stronger proof than inode, size, time and a checksum), the kept roadmap
 * is the file's; when they are the kept ones with some task pieces replaced (a worker's claim),
 * {@link RoadmapSplice} proves it and parses only those pieces; else the file is parsed whole.
 * Either way the cache is then rewritten whole ({@link AtomicWrite}: a reader sees the old cache
 * or the new one). A cache that is missing, damaged (its checksum), truncated, of another format
 * or written by another build of wvo reads as none and is replaced; nothing about it is ever an
 * error. It lives under {@code locks/}, with the other runtime files that are never committed.
 */
public final class RoadmapCache {

    /** Roadmaps at least this large (bytes) are kept: a 256 KB roadmap costs a fresh JVM a few hundred ms to parse. */
    public static final int WORTH_KEEPING = 256 * 1024;
    private static final int MAGIC = 0x5756_4f52; // "WVOR"
    private static final int FORMAT = 1;
    /** Which build of wvo wrote a cache: another build may read YAML differently, so its cache is not trusted. */
    private static final String BUILD = build();

    private final Path roadmap;
    private final Path cache;
    private final int worthKeeping;

    /**
     * @param roadmap the roadmap file
     * @param cache   where its parsed form is kept ({@code locks/roadmap.cache} of the state directory)
     */
    public RoadmapCache(Path roadmap, Path cache) {
        this(roadmap, cache, WORTH_KEEPING);
    }

    RoadmapCache(Path roadmap, Path cache, int worthKeeping) {
        this.roadmap = roadmap;
        this.cache = cache;
        this.worthKeeping = worthKeeping;
    }

    /**
     * Reads the roadmap, from the cache when it proves to hold it, and keeps what was read for the
     * next reader.
     *
     * @throws RoadmapException as {@link RoadmapReader#read(Path)}
     */
    public Roadmap read() {
        return read(null);
    }

    /**
     * As {@link #read()}, from {@code known} instead of the cache file when there is one: a roadmap
     * this process read before. A live view that keeps the roadmap it shows splices a change from
     * it, instead of reading and decoding the kept one from disk again at every change.
     *
     * @param known a roadmap read earlier by this process from the same file, or null
     */
    public Roadmap read(Roadmap known) {
        byte[] bytes = RoadmapReader.bytes(roadmap);
        if (bytes == null || bytes.length < worthKeeping) {
            return RoadmapReader.read(roadmap, bytes);
        }
        Optional<Roadmap> kept = known != null ? Optional.of(known) : load();
        if (kept.isPresent() && Arrays.equals(bytes, kept.get().utf8())) {
            return kept.get();
        }
        String text = RoadmapReader.decode(roadmap, bytes);
        Roadmap read = kept.flatMap(k -> RoadmapSplice.apply(k, text, bytes))
                .orElseGet(() -> RoadmapReader.parse(roadmap, text).withUtf8(bytes));
        store(read);
        return read;
    }

    /** The kept roadmap, if the cache file holds one this build wrote, whole. */
    private Optional<Roadmap> load() {
        byte[] data;
        try {
            data = Files.readAllBytes(cache);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // unreadable: parsed whole, and replaced if it can be
        }
        try {
            return Optional.ofNullable(Decoder.roadmap(roadmap, data));
        } catch (RuntimeException e) {
            return Optional.empty(); // damaged in a way the checksum did not catch: read as none
        }
    }

    /** Writes {@code read} as the cache; a cache that cannot be written (read-only state, full disk) is left. */
    private void store(Roadmap read) {
        byte[] data;
        try {
            data = Encoder.of(read);
        } catch (NotKept e) {
            return; // a value the cache has no encoding for: such a roadmap is parsed each time
        }
        try {
            AtomicWrite.write(cache, data);
        } catch (IOException | UncheckedIOException | SecurityException e) {
            // the cache only saves time: a reader that cannot write it parses the next time too
        }
    }

    /** The identity of the wvo build that runs: the jar (or class directory) RoadmapReader comes from, with its size and time. */
    private static String build() {
        try {
            CodeSource source = RoadmapReader.class.getProtectionDomain().getCodeSource();
            Path location = Path.of(source.getLocation().toURI());
            return location + " " + Files.size(location) + " " + Files.getLastModifiedTime(location).toMillis();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }

    /** A roadmap the cache cannot hold (a value of a type it does not encode). */
    private static final class NotKept extends Exception {
        NotKept(String what) {
            super(what, null, false, false);
        }
    }

    // Values: a tag byte, then the value. Strings go through a table: the first time as
    // (table size, length, UTF-8 bytes), after that as their index, so the keys, statuses and
    // epics of 10,000 tasks are decoded once.
    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;
    private static final byte LONG = 4;
    private static final byte DOUBLE = 5;
    private static final byte LIST = 6;
    private static final byte MAP = 7;

    private static final class Encoder {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        private final DataOutputStream out = new DataOutputStream(bytes);
        private final Map<String, Integer> strings = new HashMap<>();

        static byte[] of(Roadmap r) throws NotKept {
            try {
                return new Encoder().write(r);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
        }

        private byte[] write(Roadmap r) throws IOException, NotKept {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            string(BUILD);
            byte[] utf8 = r.utf8();
            out.writeInt(utf8.length);
            out.write(utf8);
            out.writeByte(r.layout().ordinal());
            out.writeBoolean(r.hasStrayEntries());
            out.writeBoolean(r.isAnchored());
            List<RoadmapTask> tasks = r.tasks();
            out.writeInt(tasks.size());
            for (RoadmapTask t : tasks) {
                out.writeInt(t.line());
                out.writeInt(t.base());
                string(t.enclosingEpic());
                value(t.fields());
            }
            out.writeInt(r.warnings().size());
            for (RoadmapWarning w : r.warnings()) {
                string(w.taskId());
                out.writeInt(w.line());
                string(w.message());
            }
            Optional<TaskLayout> layout = r.taskLayout();
            out.writeBoolean(layout.isPresent());
            if (layout.isPresent()) {
                TaskLayout l = layout.get();
                for (int[] column : List.of(l.start, l.end, l.cpStart, l.cpEnd, l.dash, l.lineEnds)) {
                    for (int v : column) {
                        out.writeInt(v);
                    }
                }
            }
            out.flush();
            CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        }

        private void value(Object v) throws IOException, NotKept {
            if (v == null) {
                out.writeByte(NULL);
            } else if (v instanceof String s) {
                out.writeByte(STRING);
                string(s);
            } else if (v instanceof Boolean b) {
                out.writeByte(b ? TRUE : FALSE);
            } else if (v instanceof Long n) {
                out.writeByte(LONG);
                out.writeLong(n);
            } else if (v instanceof Double d) {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            } else if (v instanceof List<?> list) {
                out.writeByte(LIST);
                out.writeInt(list.size());
                for (Object item : list) {
                    value(item);
                }
            } else if (v instanceof Map<?, ?> map) {
                out.writeByte(MAP);
                out.writeInt(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new NotKept("a key that is not text: " + e.getKey());
                    }
                    string(key);
                    value(e.getValue());
                }
            } else {
                throw new NotKept("a value of type " + v.getClass().getName());
            }
        }

        /** A string or null: -1 for null, else its table index, followed by its bytes the first time. */
        private void string(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            Integer known = strings.get(s);
            if (known != null) {
                out.writeInt(known);
                return;
            }
            int index = strings.size();
            strings.put(s, index);
            out.writeInt(index);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
    }

    /** Reads what {@link Encoder} wrote; null when the data is not a whole cache of this format and build. */
    private static final class Decoder {
        private final byte[] data;
        private final int end;
        private int at;
        private final List<String> strings = new ArrayList<>();

        private Decoder(byte[] data, int end) {
            this.data = data;
            this.end = end;
        }

        static Roadmap roadmap(Path file, byte[] data) {
            if (data.length < 12) {
                return null;
            }
            int end = data.length - 4;
            CRC32C crc = new CRC32C();
            crc.update(data, 0, end);
            Decoder in = new Decoder(data, end);
            if (in.peekInt(end) != (int) crc.getValue() || in.readInt() != MAGIC || in.readInt() != FORMAT
                    || !BUILD.equals(in.string())) {
                return null;
            }
            byte[] utf8 = in.bytes(in.readInt());
            String text = new String(utf8, StandardCharsets.UTF_8);
            Layout layout = Layout.values()[in.readByte()];
            boolean strayEntries = in.readByte() != 0;
            boolean anchored = in.readByte() != 0;
            int n = in.readInt();
            List<RoadmapTask> tasks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int line = in.readInt();
                int base = in.readInt();
                String epic = in.string();
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) in.value();
                tasks.add(RoadmapTask.parsedAt(fields, null, base, line, i, epic));
            }
            int w = in.readInt();
            List<RoadmapWarning> warnings = new ArrayList<>(w);
            for (int i = 0; i < w; i++) {
                warnings.add(new RoadmapWarning(in.string(), in.readInt(), in.string()));
            }
            TaskLayout taskLayout = null;
            if (in.readByte() != 0) {
                int[][] columns = new int[6][n];
                for (int[] column : columns) {
                    for (int i = 0; i < n; i++) {
                        column[i] = in.readInt();
                    }
                }
                taskLayout = new TaskLayout(columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]);
            }
            if (in.at != end) {
                return null;
            }
            return Roadmap.kept(file, text, layout, tasks, warnings, strayEntries, anchored,
                    Optional.ofNullable(taskLayout)).withUtf8(utf8);
        }

        private Object value() {
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
                    List<Object> list = new ArrayList<>(n);
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

        private String string() {
            int index = readInt();
            if (index < 0) {
                return null;
            }
            if (index < strings.size()) {
                return strings.get(index);
            }
            if (index != strings.size()) {
                throw new IllegalStateException("string " + index + " out of order");
            }
            int length = readInt();
            check(length);
            String s = new String(data, at, length, StandardCharsets.UTF_8);
            at += length;
            strings.add(s);
            return s;
        }

        private byte[] bytes(int length) {
            check(length);
            byte[] out = Arrays.copyOfRange(data, at, at + length);
            at += length;
            return out;
        }

        private byte readByte() {
            check(1);
            return data[at++];
        }

        private int readInt() {
            check(4);
            int v = peekInt(at);
            at += 4;
            return v;
        }

        private long readLong() {
            long high = readInt();
            return (high << 32) | (readInt() & 0xFFFF_FFFFL);
        }

        private int peekInt(int from) {
            return (data[from] & 0xFF) << 24 | (data[from + 1] & 0xFF) << 16 | (data[from + 2] & 0xFF) << 8
                    | (data[from + 3] & 0xFF);
        }

        private void check(int length) {
            if (length < 0 || at + length > end) {
                throw new IllegalStateException("truncated");
            }
        }
    }
}
