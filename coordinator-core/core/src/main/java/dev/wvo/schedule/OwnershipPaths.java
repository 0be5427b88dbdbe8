package dev.wvo.schedule;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * Whether two ownership entries (paths, directories or globs) can name the same file. Named
 * locks only exclude identical names; this check, made under the roadmap lock against the tasks
 * in progress, catches {@code src/**} against {@code src/app/Login.tsx} and {@code src} against
 * {@code src/app}.
 */
public final class OwnershipPaths {

    private OwnershipPaths() {
    }

    /** A path as written by users, made comparable: forward slashes, no leading {@code ./}, no trailing {@code /}. */
    public static String normalize(String path) {
        String p = path.strip().replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    /**
     * True if some file could be owned by both entries. A directory owns everything below it; a
     * glob owns what it matches and everything below a directory it matches. Two globs are judged
     * by their fixed leading directories, which can only over-report: a false overlap costs
     * parallelism, a missed one would let two agents edit the same file.
     */
    public static boolean overlap(String a, String b) {
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

    private static boolean globMeets(String glob, String plain) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        for (Path p = Path.of(plain); p != null; p = p.getParent()) {
            if (matcher.matches(p)) {
                return true;
            }
        }
        String prefix = fixedPrefix(glob);
        // plain is a directory that holds every file the glob can match
        return prefix.equals(plain) || prefix.startsWith(plain + "/");
    }

    /** Equal, or one is a directory containing the other; the empty prefix contains everything. */
    private static boolean related(String p, String q) {
        return p.equals(q) || p.isEmpty() || q.isEmpty() || p.startsWith(q + "/") || q.startsWith(p + "/");
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
}
