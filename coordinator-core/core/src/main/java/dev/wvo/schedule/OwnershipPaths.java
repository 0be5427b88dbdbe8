package dev.wvo.schedule;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Ownership entries (paths, directories or globs, relative to the project root): what is a valid
 * one, its one spelling, and whether two of them can name the same file. Named locks only exclude
 * identical names; this check, made under the roadmap lock against the tasks in progress,
 * catches {@code src/**} against {@code src/app/Login.tsx}, {@code src} against {@code src/app},
 * and the aliases {@code src//x}, {@code ./src/x} and {@code src/../src/x} of {@code src/x}.
 */
public final class OwnershipPaths {

    /** The project root's spelling: everything in the project. */
    private static final String ROOT = ".";
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:/.*");

    private OwnershipPaths() {
    }

    /**
     * The one spelling of an entry: forward slashes, no empty or {@code .} segments, {@code ..}
     * resolved against the segment before it, no trailing {@code /}; the project root is {@code .}.
     * An entry that climbs above the root keeps its leading {@code ..} ({@link #problemOf} refuses it).
     */
    public static String normalize(String path) {
        String p = path.strip().replace('\\', '/');
        Deque<String> segments = new ArrayDeque<>();
        for (String segment : p.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..") && !segments.isEmpty() && !segments.peekLast().equals("..")) {
                segments.removeLast();
            } else {
                segments.addLast(segment);
            }
        }
        String joined = String.join("/", segments);
        if (p.startsWith("/")) {
            return "/" + joined;
        }
        return joined.isEmpty() ? ROOT : joined;
    }

    /**
     * What is wrong with an entry, or empty if it is a valid one: it must name something inside
     * the project, relatively, and a glob must compile.
     */
    public static Optional<String> problemOf(String entry) {
        if (entry.isBlank()) {
            return Optional.of("an empty path; name a file, a directory or a glob");
        }
        String p = entry.strip().replace('\\', '/');
        if (p.startsWith("/") || DRIVE.matcher(p).matches()) {
            return Optional.of("an absolute path; write it relative to the project root");
        }
        String normal = normalize(p);
        if (normal.equals("..") || normal.startsWith("../")) {
            return Optional.of("outside the project: it climbs above the project root with ..");
        }
        if (isGlob(normal)) {
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + normal);
            } catch (IllegalArgumentException e) { // PatternSyntaxException among others
                return Optional.of("not a valid glob (" + firstLine(e.getMessage()) + "); close every { and [ it opens");
            }
        }
        return Optional.empty();
    }

    /**
     * True if some file could be owned by both entries. A directory owns everything below it; a
     * glob owns what it matches and everything below a directory it matches. Two globs are judged
     * by their fixed leading directories, which can only over-report: a false overlap costs
     * parallelism, a missed one would let two agents edit the same file. An entry that is not
     * valid ({@link #problemOf}) overlaps everything, for the same reason.
     */
    public static boolean overlap(String a, String b) {
        if (isPlain(a) && isPlain(b)) {
            return related(a, b); // what the general case below comes to for them, without its copies and checks
        }
        if (problemOf(a).isPresent() || problemOf(b).isPresent()) {
            return true;
        }
        String x = normalize(a);
        String y = normalize(b);
        boolean globX = isGlob(x);
        boolean globY = isGlob(y);
        if (!globX && !globY) {
            return related(x, y);
        }
        if (globX && globY) {
            return related(fixedPrefix(x), fixedPrefix(y));
        }
        return globMeets(globX ? x : y, globX ? y : x);
    }

    /**
     * Whether an entry is a valid relative path in its one spelling, not a glob: no problem, and
     * {@link #normalize} would return it as it is. Most entries are; the scheduler compares every
     * waiting task's entries with the running tasks' at each claim.
     */
    private static boolean isPlain(String entry) {
        int n = entry.length();
        if (n == 0 || entry.charAt(0) == '/' || entry.charAt(n - 1) == '/' || n > 1 && entry.charAt(1) == ':') {
            return false;
        }
        int segmentStart = 0;
        for (int i = 0; i <= n; i++) {
            char c = i < n ? entry.charAt(i) : '/';
            if (c == '/') {
                int length = i - segmentStart;
                if (length <= 2 && entry.regionMatches(segmentStart, "..", 0, length)) {
                    return false; // an empty, . or .. segment
                }
                segmentStart = i + 1;
            } else if (c <= ' ' || c == '\\' || c == '*' || c == '?' || c == '[' || c == '{' || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                return false;
            }
        }
        return true;
    }

    /** The glob owns the path (it matches the path or a directory above it), or matches something below the path. */
    private static boolean globMeets(String glob, String plain) {
        if (plain.equals(ROOT)) {
            return true; // the whole project
        }
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (Path p = Path.of(plain); p != null; p = p.getParent()) {
            if (matcher.matches(p)) {
                return true;
            }
        }
        return matchesBelow(glob, plain);
    }

    /**
     * Whether the glob can match a path below the directory {@code plain}: segment by segment, each
     * of the directory's segments must match the glob's, and the glob must go deeper. A {@code **}
     * can match any depth, and a brace group may hold a {@code /}: then only the fixed leading
     * directories are compared, which can only over-report.
     */
    private static boolean matchesBelow(String glob, String plain) {
        if (glob.contains("**") || hasSlashInBraces(glob)) {
            return related(fixedPrefix(glob), plain);
        }
        String[] g = glob.split("/");
        String[] p = plain.split("/");
        if (g.length <= p.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            if (!FileSystems.getDefault().getPathMatcher("glob:" + g[i]).matches(Path.of(p[i]))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasSlashInBraces(String glob) {
        int depth = 0;
        for (char c : glob.toCharArray()) {
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '/' && depth > 0) {
                return true;
            }
        }
        return false;
    }

    /** Equal, or one is a directory containing the other; the root (or the empty prefix) contains everything. */
    private static boolean related(String p, String q) {
        return p.equals(q) || isRoot(p) || isRoot(q) || p.startsWith(q + "/") || q.startsWith(p + "/");
    }

    private static boolean isRoot(String p) {
        return p.isEmpty() || p.equals(ROOT);
    }

    private static String fixedPrefix(String glob) {
        int cut = glob.length();
        for (char c : new char[] {'*', '?', '[', '{'}) {
            int i = glob.indexOf(c);
            if (i >= 0) {
                cut = Math.min(cut, i);
            }
        }
        String prefix = glob.substring(0, cut);
        int slash = prefix.lastIndexOf('/');
        return slash < 0 ? "" : prefix.substring(0, slash);
    }

    private static boolean isGlob(String p) {
        return p.indexOf('*') >= 0 || p.indexOf('?') >= 0 || p.indexOf('[') >= 0 || p.indexOf('{') >= 0;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
