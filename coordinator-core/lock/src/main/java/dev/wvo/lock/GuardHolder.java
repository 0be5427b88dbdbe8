package dev.wvo.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who holds a guard's kernel lock, as the system tells it, for the message of a guard that stays
 * busy: Linux lists every {@code fcntl} lock with its process and inode in {@code /proc/locks}.
 */
final class GuardHolder {

    private static final Path LOCKS = Path.of("/proc/locks");

    private GuardHolder() {
    }

    /** The holder of {@code guard}'s kernel lock and what to do about it, in words. */
    static String of(Path guard) {
        return pidHolding(guard).map(GuardHolder::describe).orElse("another process (the system does not say which)");
    }

    /** The holder when the in-process mutex of the guard was not taken in time. */
    static String inThisProcess() {
        return "another thread of this process, itself waiting for it";
    }

    private static String describe(long pid) {
        return switch (state(pid)) {
            case 'T', 't' -> "pid " + pid + ", which is stopped (Ctrl-Z, kill -STOP, a debugger): let it go on with "
                    + "`kill -CONT " + pid + "` (or `fg` in its terminal), or end it";
            case '?' -> "pid " + pid + ", which has just ended: try again";
            default -> "pid " + pid + ", which is stuck in the middle of a step: end it if it does not go on";
        };
    }

    private static Optional<Long> pidHolding(Path guard) {
        try {
            Object inode = Files.getAttribute(guard, "unix:ino");
            List<String> lines = Files.readAllLines(LOCKS, StandardCharsets.US_ASCII);
            for (String line : lines) {
                // "12: POSIX  ADVISORY  WRITE 4242 fe:00:2154501 0 EOF"; waiters are "12: -> POSIX ..."
                String[] f = line.trim().split("\\s+");
                if (f.length >= 6 && f[1].equals("POSIX") && f[5].endsWith(":" + inode)) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // not Linux, or no such file: the message says less
        }
        return Optional.empty();
    }

    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException | RuntimeException e) {
            return '?';
        }
    }
}
