package dev.wvo.worker;

import dev.wvo.fs.UnreadableStateFileException;
import dev.wvo.lock.HolderInfo;
import dev.wvo.lock.LockTimeoutException;
import dev.wvo.roadmap.RoadmapException;
import dev.wvo.schedule.TaskBoard;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.schedule.TaskState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The worker's roadmap. A roadmap that cannot be used for a while is no reason for a worker to
 * stop: a person mid-edit leaves it unparseable, and {@code wvo lock exec roadmap -- git pull}
 * waiting on a passphrase holds its lock for minutes. Either once made every worker exit 1, idle
 * ones too, and aborted the running task. Here a look or a transaction that meets one of them
 * says why on the worker's terminal (again each minute while it lasts), tries again after
 * {@link #RETRY}, and goes on when it can: a running task is not aborted, and its result is
 * written once the roadmap can be. Only a stop (an interrupt) ends the wait.
 */
final class PatientTaskBoard implements TaskBoardStore {

    /** The pause between tries while the roadmap cannot be read; a held lock is waited for by the store itself. */
    static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration NOTICE_EVERY = Duration.ofMinutes(1);

    private final TaskBoardStore board;
    private final Consumer<String> terminal;
    private final Clock clock;

    PatientTaskBoard(TaskBoardStore board, Consumer<String> terminal, Clock clock) {
        this.board = board;
        this.terminal = terminal;
        this.clock = clock;
    }

    @Override
    public <T> T update(Function<TaskBoard, T> change) {
        return patiently(() -> board.update(change));
    }

    @Override
    public List<TaskState> tasks() {
        return patiently(board::tasks);
    }

    @Override
    public Object setting(String key) {
        return patiently(() -> board.setting(key));
    }

    private <T> T patiently(Supplier<T> step) {
        String waitingFor = null;
        Instant told = Instant.MIN;
        while (true) {
            try {
                T result = step.get();
                if (waitingFor != null) {
                    terminal.accept("wvo: the roadmap can be used again; going on");
                }
                return result;
            } catch (RuntimeException e) {
                Optional<String> why = whyToWait(e);
                if (why.isEmpty()) {
                    throw e;
                }
                Instant now = clock.instant();
                if (!why.get().equals(waitingFor) || !now.isBefore(told.plus(NOTICE_EVERY))) {
                    terminal.accept("wvo: waiting: " + why.get());
                    waitingFor = why.get();
                    told = now;
                }
                if (!(e.getCause() instanceof LockTimeoutException)) {
                    pause();
                }
            }
        }
    }

    /** Why the roadmap cannot be used now and what makes it usable, for a failure that passes; empty for any other. */
    private static Optional<String> whyToWait(RuntimeException e) {
        if (e instanceof RoadmapException || e.getCause() instanceof UnreadableStateFileException) {
            return Optional.of(e.getMessage() + " (being edited?). Fix the file: this worker goes on once it can be "
                    + "read, and a task it runs is not stopped");
        }
        if (e.getCause() instanceof LockTimeoutException busy && !Thread.currentThread().isInterrupted()) {
            return Optional.of("the roadmap lock is held by " + (busy.holders().isEmpty() ? "another process"
                    : busy.holders().stream().map(HolderInfo::describe).collect(Collectors.joining(", ")))
                    + "; this worker goes on once it is free ('wvo lock list' shows the holder)");
        }
        return Optional.empty();
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Stopped while waiting for a readable roadmap", e);
        }
    }
}
