package dev.wvo.doctor;

import dev.wvo.fs.StateDir;
import org.apache.commons.io.file.PathUtils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Proves that locks work on the state directory's file system, in the spirit of py-filelock's
 * verification script: two real JVMs take the same exclusive lock in {@code locks/} over and over
 * for a while, and must never be inside together. This catches file systems whose POSIX locks do
 * nothing (NFS mounted with {@code nolock}, some FUSE and network mounts), on which every wvo
 * guarantee would silently fail.
 */
public final class LockContentionCheck {

    static final String AREA = "file system";
    private static final String RESOURCE = "wvo-doctor:lock-check";
    /** How much longer than the contention itself a contender may take (start, then finish) before it counts as hung. */
    private static final Duration FINISH_ALLOWANCE = Duration.ofSeconds(30);

    private final Path stateDirectory;
    private final Duration length;
    private final String javaCommand;
    private final String classPath;
    private final String contender;

    /**
     * @param stateDirectory the state directory, whose {@code locks/} is contended on
     * @param length         how long each process contends
     * @param javaCommand    the java executable for the contenders
     * @param classPath      a class path with wvo-core and wvo-lock on it
     */
    public LockContentionCheck(Path stateDirectory, Duration length, String javaCommand, String classPath) {
        this(stateDirectory, length, javaCommand, classPath, LockContender.class.getName());
    }

    /** With another contender's main class, which takes the arguments and speaks the protocol of {@link LockContender}. */
    LockContentionCheck(Path stateDirectory, Duration length, String javaCommand, String classPath, String contender) {
        this.stateDirectory = stateDirectory;
        this.length = length;
        this.javaCommand = javaCommand;
        this.classPath = classPath;
        this.contender = contender;
    }

    /** Contends with this JVM's java and class path. */
    public static LockContentionCheck ofThisJvm(Path stateDirectory, Duration length) {
        return new LockContentionCheck(stateDirectory, length,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"));
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        findings.add(fileSystemType());
        findings.add(contention());
        return findings;
    }

    private Finding fileSystemType() {
        try {
            String type = Files.getFileStore(stateDirectory).type();
            boolean network = type.startsWith("nfs") || type.contains("cifs") || type.contains("smb") || type.contains("fuse");
            return network
                    ? Finding.warn(AREA, "type", stateDirectory.toAbsolutePath() + " is on " + type,
                    "network file systems need working POSIX locks; the lock check below tells whether these work")
                    : Finding.ok(AREA, "type", stateDirectory.toAbsolutePath() + " is on " + type);
        } catch (IOException e) {
            return Finding.warn(AREA, "type", "cannot tell: " + e.getMessage(), "check the mount of " + stateDirectory);
        }
    }

    private Finding contention() {
        Path locks = new StateDir(stateDirectory).locks();
        Path work = null;
        List<Process> processes = new ArrayList<>();
        try {
            Files.createDirectories(locks);
            work = Files.createTempDirectory(stateDirectory, ".doctor-");
            for (int i = 0; i < 2; i++) {
                processes.add(new ProcessBuilder(javaCommand, "-cp", classPath, contender,
                        locks.toString(), RESOURCE, work.toString(), Long.toString(length.toMillis()))
                        .redirectErrorStream(true).start());
            }
            List<BufferedReader> outputs = new ArrayList<>();
            for (Process p : processes) {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                Optional<String> notReady = awaitReady(out);
                if (notReady.isPresent()) {
                    return Finding.warn(AREA, "lock check", "a check process did not start: " + notReady.get(),
                            "check that java runs here with wvo's class path");
                }
                outputs.add(out);
            }
            Files.createFile(work.resolve(LockContender.GO_FILE));
            long total = 0;
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                if (!p.waitFor(length.plus(FINISH_ALLOWANCE).toMillis(), TimeUnit.MILLISECONDS)) {
                    return Finding.warn(AREA, "lock check", "a check process did not finish in time",
                            "look for a hung process holding " + RESOURCE + " (wvo lock list)");
                }
                String last = lastLine(outputs.get(i));
                if (p.exitValue() == LockContender.OVERLAP_EXIT) {
                    return overlap("two processes were inside the same exclusive lock at once");
                }
                if (p.exitValue() != 0 || last == null || !last.startsWith("entered ")) {
                    return Finding.warn(AREA, "lock check", "a check process failed (exit " + p.exitValue() + "): " + last,
                            "run wvo doctor again; if it repeats, report it with this output");
                }
                long entered = Long.parseLong(last.substring("entered ".length()));
                counts.add(entered);
                total += entered;
            }
            long counted = Long.parseLong(Files.readString(work.resolve(LockContender.COUNTER_FILE)).strip());
            if (counted != total) {
                return overlap("the shared counter reads " + counted + " after " + total + " locked increments (updates lost)");
            }
            return Finding.ok(AREA, "lock check", "2 processes took the lock " + counts.get(0) + " and " + counts.get(1)
                    + " times in " + length.toMillis() + " ms each, never together");
        } catch (IOException e) {
            return Finding.warn(AREA, "lock check", "could not run: " + e.getMessage(),
                    "check that " + locks + " is writable and that java runs here");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Finding.warn(AREA, "lock check", "interrupted", "run wvo doctor again");
        } finally {
            processes.forEach(Process::destroyForcibly);
            if (work != null) {
                try {
                    PathUtils.deleteDirectory(work);
                } catch (IOException e) {
                    // the directory is a dot-directory of a finished check: left behind it harms nothing
                }
            }
        }
    }

    private Finding overlap(String what) {
        return Finding.fail(AREA, "lock check", what + " on " + stateDirectory.toAbsolutePath(),
                "put the state directory on a file system with working POSIX locks (local disk; NFS without nolock)");
    }

    /** Empty once the process said it is ready; else what it printed before it ended. */
    private static Optional<String> awaitReady(BufferedReader reader) throws IOException {
        StringBuilder before = new StringBuilder();
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.equals(LockContender.READY)) {
                return Optional.empty();
            }
            // logging (such as SLF4J's notice that it has no provider) may come first
            before.append(before.length() == 0 ? "" : " ").append(line.strip());
        }
        return Optional.of(before.length() == 0 ? "(no output)" : before.toString());
    }

    private static String lastLine(BufferedReader reader) throws IOException {
        String last = null;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            last = line;
        }
        return last;
    }
}
