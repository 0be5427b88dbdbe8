package dev.wvo.lock.process;

import dev.wvo.lock.FileLockManager;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockHandle;
import dev.wvo.lock.LockListener;
import dev.wvo.lock.LockMode;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The program each test process runs: increments the shared {@link CounterFile} {@code n} times,
 * each time under the exclusive lock {@value #RESOURCE}, with an {@link InsideWitness} around the
 * read-modify-write and a fencing check of the token stored in the counter.
 *
 * <p>Usage: {@code CounterIncrementer <lockDir> <workDir> <logFile> <increments> <leaseMillis> work|hold|lenient}.
 * In {@code hold} mode the first acquisition stays inside until standard input closes, so that
 * a test can kill or pause a holder it knows is inside. In {@code lenient} mode a live process
 * found inside is logged ({@code overlap <pid>}) and pushed out of the witness instead of failing:
 * for holders that lost their lease while paused, where only the fencing check can protect the
 * counter. It stops early, with exit 0, once the work
 * directory holds a file {@value #STOP_FILE}.
 *
 * <p>It appends to its log, one line per {@code write}: {@code done <count> <token>} after each
 * increment (after the release), {@code takeover <pid>} when it found the witness of a process
 * killed inside, {@code reclaim <pid> <why>} when the lock manager removed a stale holder.
 * On overlap or a fencing violation it writes {@code failures/<pid>} and exits with 3 or 4.
 */
public final class CounterIncrementer {

    static final String RESOURCE = "counter";
    static final int EXIT_OVERLAP = 3;
    static final int EXIT_FENCING = 4;
    /** When this file exists in the work directory, processes stop before their next increment. */
    static final String STOP_FILE = "stop";

    private CounterIncrementer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: CounterIncrementer <lockDir> <workDir> <logFile> <increments> <leaseMillis>"
                    + " work|hold|lenient");
            System.exit(2);
        }
        Path lockDir = Path.of(args[0]);
        Path workDir = Path.of(args[1]);
        int increments = Integer.parseInt(args[3]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
        String mode = args[5];
        try (OutputStream log = new FileOutputStream(args[2], true)) {
            System.exit(run(lockDir, workDir, log, increments, lease, mode));
        }
    }

    private static int run(Path lockDir, Path workDir, OutputStream log, int increments, Duration lease, String mode)
            throws IOException, InterruptedException {
        boolean hold = mode.equals("hold");
        boolean lenient = mode.equals("lenient");
        CounterFile counter = new CounterFile(workDir);
        InsideWitness witness = new InsideWitness(workDir);
        LockListener reclaims = new LockListener() {
            @Override
            public void staleHolderRemoved(String resource, HolderInfo holder) {
                line(log, "reclaim " + holder.process().pid() + " " + holder.staleness());
            }
        };
        try (FileLockManager locks = FileLockManager.builder(lockDir).lease(lease).listener(reclaims).build()) {
            Path stop = workDir.resolve(STOP_FILE);
            for (int i = 0; i < increments && !Files.exists(stop); i++) {
                CounterFile.Value written;
                try (LockHandle handle = locks.acquire(RESOURCE, LockMode.EXCLUSIVE)) {
                    InsideWitness.Entry entry = witness.enter();
                    if (entry instanceof InsideWitness.Overlap overlap && lenient) {
                        line(log, "overlap " + overlap.witness().split(" ")[0]);
                        witness.pushOut();
                    } else if (entry instanceof InsideWitness.Overlap overlap) {
                        return fail(workDir, EXIT_OVERLAP, "entered while " + overlap.witness() + " was inside");
                    }
                    if (entry instanceof InsideWitness.TookOverFromDead dead) {
                        line(log, "takeover " + dead.deadPid());
                    }
                    if (hold && i == 0) {
                        // stays inside until the test closes our stdin or kills us
                        System.in.read();
                    }
                    CounterFile.Value last = counter.read();
                    if (handle.token() <= last.token()) {
                        return fail(workDir, EXIT_FENCING, "token " + handle.token()
                                + " is not above the stored token " + last.token());
                    }
                    written = new CounterFile.Value(last.count() + 1, handle.token());
                    counter.write(written);
                    Optional<String> intruder = witness.leave();
                    if (intruder.isPresent()) {
                        return fail(workDir, EXIT_OVERLAP, "found " + intruder.get() + " inside while leaving");
                    }
                }
                line(log, "done " + written.count() + " " + written.token());
            }
        }
        return 0;
    }

    /** One line in one write call, so a kill leaves whole lines (at most a missing last one). */
    private static void line(OutputStream log, String text) {
        try {
            log.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Written beside and renamed in: the test reads {@code failures/} while the fleet runs and
     * stops every process once one file is there, so a file created empty and written after
     * could be read empty, or stay empty when its writer was stopped between the two.
     */
    private static int fail(Path workDir, int code, String what) throws IOException {
        Path failures = Files.createDirectories(workDir.resolve("failures"));
        String pid = Long.toString(ProcessHandle.current().pid());
        Path written = Files.writeString(workDir.resolve("failure-" + pid + ".tmp"), what + "\n");
        Files.move(written, failures.resolve(pid), StandardCopyOption.ATOMIC_MOVE);
        System.err.println("FAILURE: " + what);
        return code;
    }
}
