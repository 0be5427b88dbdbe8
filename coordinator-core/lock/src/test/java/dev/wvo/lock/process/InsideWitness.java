package dev.wvo.lock.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Detects two processes inside the critical section at once, independently of the lock under
 * test. Entering creates the file {@code inside} exclusively (a hard link of a file that already
 * holds this process's pid and start time, so the witness never exists empty); leaving deletes
 * it. Finding the witness of a live process on entry is an overlap. Finding the witness of a
 * dead one means that process was killed inside; it is taken over, and the caller records that.
 */
final class InsideWitness {

    /** What entering found. */
    sealed interface Entry {
    }

    /** The critical section was empty. */
    record Entered() implements Entry {
    }

    /** A process killed inside had left its witness; this process took over. */
    record TookOverFromDead(long deadPid) implements Entry {
    }

    /** Another live process is inside: the lock failed. */
    record Overlap(String witness) implements Entry {
    }

    private final Path inside;
    private final Path mine;
    private final String identity;

    InsideWitness(Path workDir) throws IOException {
        this.inside = workDir.resolve("inside");
        ProcessHandle self = ProcessHandle.current();
        this.identity = self.pid() + " " + startMillis(self);
        this.mine = workDir.resolve("inside." + self.pid() + ".mine");
        Files.writeString(mine, identity, StandardCharsets.US_ASCII);
    }

    Entry enter() throws IOException {
        try {
            Files.createLink(inside, mine);
            return new Entered();
        } catch (FileAlreadyExistsException e) {
            String other;
            try {
                other = Files.readString(inside, StandardCharsets.US_ASCII);
            } catch (NoSuchFileException gone) {
                // its writer left between our link and our read: it was inside while we entered
                return new Overlap("(removed while entering)");
            }
            if (isAlive(other)) {
                return new Overlap(other);
            }
            // The writer is dead, so nobody can delete or rewrite this witness but us (we hold the
            // lock): replacing it is safe. A live writer would have been reported above.
            Files.delete(inside);
            Files.createLink(inside, mine);
            return new TookOverFromDead(Long.parseLong(other.split(" ")[0]));
        }
    }

    /** Enters although another process is inside, replacing its witness with ours. */
    void pushOut() throws IOException {
        Files.deleteIfExists(inside);
        Files.createLink(inside, mine);
    }

    /** Leaves, failing if the witness is not ours any more (someone entered meanwhile). */
    Optional<String> leave() throws IOException {
        String now;
        try {
            now = Files.readString(inside, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            return Optional.of("(witness removed while inside)");
        }
        if (!now.equals(identity)) {
            return Optional.of(now);
        }
        Files.delete(inside);
        return Optional.empty();
    }

    private static boolean isAlive(String witness) {
        String[] parts = witness.split(" ");
        long pid = Long.parseLong(parts[0]);
        long started = Long.parseLong(parts[1]);
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(p -> startMillis(p) == started).orElse(false);
    }

    private static long startMillis(ProcessHandle process) {
        return process.info().startInstant().map(i -> i.toEpochMilli()).orElse(-1L);
    }
}
