package dev.wvo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The processes a command started, orphans included. The command gets a variable of its own in
 * its environment, which every process it starts inherits unless it clears its environment, and
 * which no reparenting removes (Jenkins finds the daemons a build left behind the same way). On
 * Linux they are found through {@code /proc/<pid>/environ}; elsewhere only the command's living
 * descendants are found.
 */
final class MarkedProcesses {

    private static final Path PROC = Path.of("/proc");
    /** An environment larger than this is not read through (the kernel allows a few MiB). */
    private static final int MAX_ENVIRONMENT = 8 << 20;

    private final byte[] entry;
    private final Process root;

    /**
     * @param root     the command as started
     * @param variable the marking variable's name
     * @param value    its value, unique to this command
     */
    MarkedProcesses(Process root, String variable, String value) {
        this.root = root;
        this.entry = (variable + "=" + value).getBytes(StandardCharsets.UTF_8);
    }

    /** Every marked process still running, the command first if it runs. */
    List<ProcessHandle> running() {
        List<ProcessHandle> found = new ArrayList<>();
        if (root.isAlive()) {
            found.add(root.toHandle());
        }
        if (!Files.isDirectory(PROC.resolve("self"))) {
            root.descendants().forEach(found::add);
            return found;
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC,
                p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != root.pid() && carriesMark(process)) {
                    ProcessHandle.of(pid).ifPresent(found::add);
                }
            }
        } catch (IOException e) {
            root.descendants().forEach(found::add);
        }
        return found;
    }

    private boolean carriesMark(Path process) {
        Optional<byte[]> environment = environmentOf(process);
        if (environment.isEmpty()) {
            return false;
        }
        byte[] env = environment.get();
        // entries are NAME=value, each ended by a NUL byte
        for (int start = 0; start < env.length; ) {
            int end = start;
            while (end < env.length && env[end] != 0) {
                end++;
            }
            if (end - start == entry.length && java.util.Arrays.equals(env, start, end, entry, 0, entry.length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static Optional<byte[]> environmentOf(Path process) {
        try (var in = Files.newInputStream(process.resolve("environ"))) {
            return Optional.of(in.readNBytes(MAX_ENVIRONMENT));
        } catch (IOException gone) {
            // ended meanwhile, or another user's process: not ours either way
            return Optional.empty();
        }
    }
}
