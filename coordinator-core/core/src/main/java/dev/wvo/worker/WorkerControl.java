package dev.wvo.worker;

import dev.wvo.fs.StateDir;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.FileNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Requests to workers, through files a worker's loop reads between steps:
 * {@code state/workers/control/<id>} for one worker and {@code state/workers/control/all} for
 * every worker, each holding {@code pause} or {@code stop}. No signal crosses terminals or hosts;
 * a request reaches a worker on another machine as surely as one on this one.
 */
public final class WorkerControl {

    public static final String ALL = "all";

    /** What a worker is asked to do. */
    public enum Request {
        RUN, PAUSE, STOP;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path directory;

    public WorkerControl(StateDir state) {
        this.directory = state.workerControl();
    }

    public Path directory() {
        return directory;
    }

    /** Asks one worker (or {@link #ALL}) to pause, stop, or run on. */
    public void request(String workerId, Request request) {
        Path file = fileOf(workerId);
        try {
            if (request == Request.RUN) {
                Files.deleteIfExists(file);
            } else {
                Files.createDirectories(directory);
                AtomicWrite.write(file, (request.word() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** What this worker should do now: a stop for it or for all wins over a pause. */
    public Request requestFor(String workerId) {
        Request own = read(workerId);
        Request all = read(ALL);
        if (own == Request.STOP || all == Request.STOP) {
            return Request.STOP;
        }
        return own == Request.PAUSE || all == Request.PAUSE ? Request.PAUSE : Request.RUN;
    }

    /** A worker that has stopped clears its own stop request, so that its name can start again. */
    public void clear(String workerId) {
        try {
            Files.deleteIfExists(fileOf(workerId));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + fileOf(workerId) + ": " + e.getMessage(), e);
        }
    }

    private Request read(String name) {
        try {
            String word = new String(BoundedRead.bytes(fileOf(name), BoundedRead.RECORD), StandardCharsets.UTF_8)
                    .strip().toLowerCase(Locale.ROOT);
            return switch (word) {
                case "pause" -> Request.PAUSE;
                case "stop" -> Request.STOP;
                default -> Request.RUN;
            };
        } catch (NoSuchFileException e) {
            return Request.RUN;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + fileOf(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code control/<id>}.
     *
     * @throws IllegalArgumentException if the id is not a plain name ({@link FileNames}): never resolved as given
     */
    private Path fileOf(String workerId) {
        return directory.resolve(FileNames.requirePlain("worker id", workerId));
    }
}
