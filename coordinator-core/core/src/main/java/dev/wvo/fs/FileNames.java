package dev.wvo.fs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for names that become paths: in the state directory ({@code workers/<id>.json},
 * {@code workers/control/<id>}, {@code merge-queue/<id>.json}, an attempt's stage directory) or in
 * the repository (a worker's worktree {@code .wvo/worktrees/<id>}, a task's branch
 * {@code wvo/<worker>/<task>}). No such name is ever resolved as given: {@code ../../roadmap.yaml}
 * as a worker id once deleted the roadmap.
 *
 * <p>A name a person chooses for wvo to keep a file by (a worker id, a pipeline stage) must be
 * {@linkplain #isPlain plain}, and is checked where it is given, with a message saying what is
 * allowed, and again where it becomes a path. A name wvo only carries (a task id, written by
 * anyone in {@code roadmap.yaml}) may be any text, and becomes a path only through an encoding:
 * the lock names' for directories ({@code dev.wvo.lock.ResourceNames}), {@link #branchComponent}
 * for branches.
 */
public final class FileNames {

    /** The longest plain name: room for every suffix wvo adds, under every file system's limit. */
    public static final int MAX_PLAIN = 64;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern NOT_IN_A_BRANCH = Pattern.compile("[^A-Za-z0-9._-]+|\\.{2,}");
    private static final int BRANCH_SLUG = 48;
    private static final int DIGEST_HEX = 8;

    private FileNames() {
    }

    /**
     * True if {@code name} can be a file name and a git ref component as it is: 1 to
     * {@value #MAX_PLAIN} ASCII letters, digits, {@code .}, {@code _} or {@code -}, starting with
     * a letter or digit, without {@code ..}, not ending in {@code .} or {@code .lock}. So it has no
     * separator, is never {@code .} or {@code ..}, never hidden, and never collides with wvo's own
     * temp files, which start with a dot.
     */
    public static boolean isPlain(String name) {
        return name != null && name.length() <= MAX_PLAIN && PLAIN.matcher(name).matches() && !name.contains("..")
                && !name.endsWith(".") && !name.endsWith(".lock");
    }

    /**
     * Returns {@code name} if it is plain.
     *
     * @param what what the name names, for the message: {@code "worker id"}
     * @throws IllegalArgumentException saying what is allowed, if it is not
     */
    public static String requirePlain(String what, String name) {
        Optional<String> problem = problem(what, name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
        return name;
    }

    /** Why {@code name} cannot be used, saying what is allowed, if it is not plain; for a usage error where it is given. */
    public static Optional<String> problem(String what, String name) {
        if (isPlain(name)) {
            return Optional.empty();
        }
        return Optional.of(what + " '" + name + "' cannot be used: it becomes a file name, so it must be 1 to "
                + MAX_PLAIN + " letters, digits, '.', '_' or '-', start with a letter or digit, and have no '..' "
                + "(nor end in '.' or '.lock')");
    }

    /**
     * A name of any text as one component of a git branch name: a plain name as it is (so the
     * branches of ordinary task ids read as before), anything else as a readable slug of its safe
     * characters and a digest of the whole name, which keeps two names that slug alike apart:
     * {@code "Fix the login!"} becomes {@code Fix-the-login-1d6b0e5c}.
     */
    public static String branchComponent(String name) {
        if (isPlain(name)) {
            return name;
        }
        String slug = NOT_IN_A_BRANCH.matcher(name).replaceAll("-");
        slug = slug.substring(0, Math.min(slug.length(), BRANCH_SLUG)).replaceAll("^[-.]+|[-.]+$", "");
        String digest = sha256(name).substring(0, DIGEST_HEX);
        return slug.isEmpty() ? digest : slug + "-" + digest;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
