package dev.wvo.worker;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.BudgetCheck;
import dev.wvo.accounts.TaskBudget;
import dev.wvo.conflict.ArtifactConflict;
import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.fs.BoundedRead;
import dev.wvo.fs.StateDir;
import dev.wvo.git.TaskWorkspace;
import dev.wvo.reactions.Reactions;
import dev.wvo.schedule.AttemptEnd;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Completion;
import dev.wvo.schedule.MergeState;
import dev.wvo.schedule.Scheduler;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.TaskView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One attempt of a claimed task, in protocol order: its place (the worker's directory or a
 * worktree), its record and the brief of the attempt before, the agent's run (through the
 * {@link StageRunner}), what it changed and whom that conflicts with; then its work kept (a
 * branch queued for merging) and its end recorded by {@link Scheduler#complete} in one roadmap
 * transaction with its event; last its place released and the shared context told. A run that
 * says it succeeded but changed nothing on a task that changes files ends {@code no_changes}
 * ({@link ExpectedChanges}).
 */
final class Attempt {

    private final String worker;
    private final ClaimedTask claimed;
    private final TaskView task;
    private final int number;
    private final String agent;
    private final Instant started;
    private final WorkerSettings settings;
    private final WorkerServices services;
    private final StageRunner stages;
    private final Consumer<String> terminal;
    private final StateDir.AttemptDir artifacts;

    Attempt(String worker, ClaimedTask claimed, Instant started, WorkerSettings settings, WorkerServices services,
            StageRunner stages) {
        this.worker = worker;
        this.claimed = claimed;
        this.task = claimed.task();
        this.number = claimed.claim().attempt();
        this.agent = claimed.agent();
        this.started = started;
        this.settings = settings;
        this.services = services;
        this.stages = stages;
        this.terminal = services.terminal();
        this.artifacts = services.state().attempt(task.id(), number);
    }

    /**
     * Runs the attempt to its recorded end.
     *
     * @param onStage       told the label of each pipeline stage as it starts
     * @param stopRequested whether the worker was asked to stop
     * @return whether the task finished (done, failed or blocked), false when it was given back
     *         because every backend of the chain was limited
     * @throws InterruptedException when the worker was asked to stop: the agent was stopped and the
     *                              task given back without spending the attempt
     */
    boolean run(Consumer<String> onStage, BooleanSupplier stopRequested) throws InterruptedException {
        TaskWorkspace.Place place;
        try {
            place = services.workspace().prepare(worker, claimed, settings.workingDirectory());
        } catch (RuntimeException e) {
            if (stopRequested.getAsBoolean()) {
                throw givenBack(null, agent); // the stop's interrupt broke the preparation, not the task
            }
            String summary = "could not prepare its worktree: " + e.getMessage();
            services.scheduler().complete(claimed, end(Completion.FAILED, summary, "failure", agent));
            terminal.accept(worker + ": " + task.id() + " failed: " + summary);
            return true;
        }
        // the place's repository, opened at the first look at it, serves the whole attempt and no longer
        try (TaskWorkspace.Place prepared = place) {
            return runIn(prepared, onStage, stopRequested);
        }
    }

    /** The attempt in its prepared place, to its recorded end. */
    private boolean runIn(TaskWorkspace.Place place, Consumer<String> onStage, BooleanSupplier stopRequested)
            throws InterruptedException {
        Optional<BudgetCheck.Reached> spent;
        try {
            spent = taskBudgetReached();
        } catch (IllegalArgumentException e) {
            release(place, false);
            services.scheduler().complete(claimed, end(Completion.BLOCKED, e.getMessage(), "budget", agent).beforeAnyRun());
            terminal.accept(worker + ": " + task.id() + " blocked: " + e.getMessage());
            return true;
        }
        if (spent.isPresent()) {
            blockForBudget(spent.get(), place, "before its run");
            return true;
        }
        AttemptRecord begun;
        ReadonlyWrites readonly;
        StageRunner.Result run;
        try {
            // a run of this attempt given back earlier (every backend limited) left hops that stay on record
            begun = AttemptRecord.started(task.id(), number, worker, agent, started, place.directory(),
                    GitPosition.of(place)).continuing(AttemptRecord.readFrom(artifacts));
            writeRecord(begun);
            AttemptBrief brief = AttemptBrief.forAttempt(services.state(), task.id(), number, agent, place.directory(),
                    services.retry(), settings.settingsOf(services.accounts().byId(agent)
                            .orElse(Account.defaultOf(Account.backendOf(agent)))), AttemptOutput.secretsOf(System.getenv()))
                    .parkedAfter(begun.hops());
            brief.writeTo(artifacts);
            readonly = task.readonly() ? ReadonlyWrites.before(place.directory(), List.of(services.state().root()))
                    : null;
            // JGit clears a pending interrupt when it opens a repository (the position above, the worktree in
            // prepare, the read-only snapshot), so a stop requested since the claim may have lost its interrupt:
            // an agent started now would run on until the stop's grace ended the JVM with the task still claimed
            run = stopRequested.getAsBoolean() ? new StageRunner.Result(null, true, agent, "", null, List.of())
                    : stages.run(worker, claimed, agent, artifacts, environment(place), new HashMap<>(System.getenv()),
                            onStage, brief, place.directory());
        } catch (RuntimeException e) {
            if (stopRequested.getAsBoolean()) {
                // a stop's interrupt closes the file channel a write was on (ClosedByInterruptException): the
                // attempt's record, its brief, a stage's prompt; the task must go back all the same
                throw givenBack(place, agent);
            }
            throw e;
        }
        if (run.interrupted() || stopRequested.getAsBoolean()) {
            throw givenBack(place, run.agent());
        }
        if (run.outcome().status() == AgentOutcome.Status.CANNOT_START) {
            // the worker's problem, not the task's: once, every task was blocked within two seconds
            release(place, false);
            services.scheduler().complete(claimed, end(Completion.RETURNED, "worker " + worker + " cannot start agents: "
                    + run.summary(), "cannot_start", run.agent()));
            terminal.accept(worker + ": " + task.id() + " given back (this worker cannot start agents)");
            throw new IllegalStateException("Worker " + worker + " cannot start agents, so it stopped and left the "
                    + "tasks as they were: " + run.summary());
        }
        return finish(run, begun, place, readonly) != Completion.RETURNED;
    }

    /**
     * Gives the task back because the worker is stopping, without spending the attempt.
     *
     * @param place   where the attempt ran, or null when it was not prepared
     * @param ranWith the backend it ran with
     * @return the exception that tells the loop the worker stops
     */
    private InterruptedException givenBack(TaskWorkspace.Place place, String ranWith) {
        Thread.interrupted(); // the stop's interrupt must not break the writes that give the task back
        if (place != null) {
            release(place, false);
        }
        services.scheduler().complete(claimed, end(Completion.RETURNED, "worker " + worker + " stopped", "returned",
                ranWith));
        terminal.accept(worker + ": " + task.id() + " given back (worker stopping)");
        return new InterruptedException("worker stop requested");
    }

    /**
     * From the agent's outcome to the recorded end: changes, conflicts, the branch queued, the completion.
     *
     * @param readonly the snapshot taken before a readonly task's run, else null
     */
    private Completion finish(StageRunner.Result run, AttemptRecord begun, TaskWorkspace.Place place,
                              ReadonlyWrites readonly) {
        AgentOutcome outcome = run.outcome();
        String ranWith = run.agent(); // a hop, or a pipeline's last stage, may have run with another backend
        String summary = run.summary();
        if (readonly != null && outcome.status() == AgentOutcome.Status.SUCCESS && run.forced() == null) {
            List<String> written = place.isolated() ? readonly.written(reportedFiles(outcome), List.of(), List.of())
                    : readonly.written(reportedFiles(outcome), task.owns(), writersOwn());
            if (!written.isEmpty()) {
                summary = "a readonly task changed files: " + String.join(", ", written) + "; it is told not to modify"
                        + " files, so the attempt is not accepted (drop readonly: true if the task must write)";
                outcome = outcome.as(AgentOutcome.Status.FAILURE, summary);
            }
        }
        if (outcome.status() == AgentOutcome.Status.SUCCESS && run.forced() == null
                && services.backend(Account.backendOf(ranWith)).map(b -> services.expectedChanges().expectedOf(task, b))
                .orElse(false)) {
            Optional<String> nothing = ExpectedChanges.nothingChanged(begun, reportedFiles(outcome), place.directory(),
                    services.state().root());
            if (nothing.isPresent()) {
                summary = nothing.get();
                outcome = outcome.as(AgentOutcome.Status.NO_CHANGES, summary);
            }
        }
        Completion completion = run.forced() != null ? run.forced() : switch (outcome.status()) {
            case SUCCESS -> Completion.DONE;
            case RATE_LIMITED, CANNOT_START -> Completion.RETURNED;
            case FAILURE, REFUSED, NO_CHANGES, TIMED_OUT, STALLED -> Completion.FAILED;
        };
        List<ArtifactConflict> escalated = recordOutcome(begun, summary, outcome, place.directory(), ranWith, run.hops())
                .stream().filter(ArtifactConflict::needsEscalation).toList();
        // in a worktree the merge queue judges overlaps against the target, so they block nothing here
        if (completion == Completion.DONE && !escalated.isEmpty() && !place.isolated()) {
            completion = Completion.BLOCKED;
            summary = "overlapping changes to " + escalated.stream().map(ArtifactConflict::path).toList()
                    + " with " + escalated.get(0).attempts() + ": needs a person (see wvo conflicts)";
        }
        if (completion == Completion.FAILED) {
            Optional<BudgetCheck.Reached> spent = taskBudgetReached();
            if (spent.isPresent()) {
                completion = Completion.BLOCKED; // no retry spends more: a person decides
                summary = spent.get().describe() + " after this attempt (" + summary + "); raise its `budget:` or "
                        + "reset the task to let it spend more";
                services.events().append(Event.of(services.clock(), EventType.BUDGET, worker, task.id(), number,
                        BudgetEvents.details(spent.get(), "blocked")));
            }
        }
        MergeState merge = null;
        if (completion == Completion.DONE) {
            try {
                merge = services.workspace().deliver(worker, claimed, place);
            } catch (RuntimeException e) {
                completion = Completion.FAILED;
                summary = "could not queue its work for merging: " + e.getMessage();
            }
        }
        AttemptEnd end = end(completion, summary, HopRecord.outcomeName(outcome.status()), ranWith)
                .withArtifacts(List.of(services.state().root().relativize(artifacts.directory()).toString()))
                .withMerge(merge)
                .onFailure(services.reactions().forAttempt(Reactions.triggerOf(outcome.status()), number, worker,
                        services.clock()));
        if (completion != Completion.RETURNED) {
            // before the task is done, and so its entry ready: no other worker's merge queue finds the branch
            // still checked out in a worktree being removed
            release(place, merge != null && merge.merge() != null);
        }
        Scheduler.CompletionResult result = services.scheduler().complete(claimed, end);
        if (completion == Completion.RETURNED) {
            services.workspace().park(worker, claimed, place); // the session resumes there after the reset
        }
        if (result.accepted()) {
            services.context().taskFinished(task, worker, result.newStatus(), result.summary());
        }
        terminal.accept(worker + ": " + task.id() + " " + (result.accepted() ? result.newStatus() : "rejected: "
                + result.reason()) + (result.summary().isBlank() ? "" : " (" + result.summary() + ")"));
        return completion;
    }

    /**
     * Whether the task's runs since its last reset reached its budget (its own {@code budget:},
     * else the configured one); a {@code budget:} that is no budget counts as reached, so that a
     * person sees the message.
     */
    private Optional<BudgetCheck.Reached> taskBudgetReached() {
        Object own = task.extra().get("budget");
        if (own == null && services.budgets().task() == null) {
            return Optional.empty();
        }
        return services.budgetCheck().task(task.id(), own, TaskBudget.fromAttemptOf(task.extra()));
    }

    /** Blocks the task for a person, at its budget, with a {@code budget} event; no agent runs. */
    private void blockForBudget(BudgetCheck.Reached reached, TaskWorkspace.Place place, String when) {
        String summary = reached.describe() + " " + when + "; raise its `budget:` or reset the task to let it spend more";
        services.events().append(Event.of(services.clock(), EventType.BUDGET, worker, task.id(), number,
                BudgetEvents.details(reached, "blocked")));
        release(place, false);
        services.scheduler().complete(claimed, end(Completion.BLOCKED, summary, "budget", agent).beforeAnyRun());
        terminal.accept(worker + ": " + task.id() + " blocked: " + summary);
    }

    /** What writers may change beside a readonly task that shares their directory: every path a writer owns. */
    private List<String> writersOwn() {
        return services.roadmap().tasks().stream().filter(t -> !t.view().readonly())
                .flatMap(t -> t.view().owns().stream()).distinct().toList();
    }

    private AttemptEnd end(Completion completion, String summary, String outcome, String ranWith) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("outcome", outcome);
        details.put("agent", ranWith);
        details.put("seconds", Duration.between(started, services.clock().instant()).toMillis() / 1000.0);
        return AttemptEnd.of(completion, summary).withEventDetails(details);
    }

    /** What every run of the attempt finds in its environment. */
    private Map<String, String> environment(TaskWorkspace.Place place) {
        Map<String, String> env = new HashMap<>();
        env.put("WVO_WORKER_ID", worker);
        env.put("WVO_STATE", services.state().root().toAbsolutePath().toString());
        env.put("WVO_ARTIFACTS", artifacts.directory().toAbsolutePath().toString());
        env.put("WVO_CHANGED_FILES", artifacts.changedFiles().toAbsolutePath().toString());
        env.put("WVO_WORKDIR", place.directory().toAbsolutePath().toString());
        if (place.isolated()) {
            env.put("WVO_BRANCH", place.branch());
        }
        return env;
    }

    /**
     * Writes the attempt's record and copies of the files it changed, then, for a successful
     * attempt, looks for conflicts with attempts that ran at the same time and logs each.
     */
    private List<ArtifactConflict> recordOutcome(AttemptRecord begun, String summary, AgentOutcome outcome,
                                                 Path workdir, String ranWith, List<HopRecord> hops) {
        try {
            List<String> kept = AttemptConflicts.keepChangedFiles(workdir, artifacts, reportedFiles(outcome));
            AttemptRecord mine = begun.finished(services.clock().instant(), HopRecord.outcomeName(outcome.status()), kept,
                    summary, outcome.sessionId(), ranWith, hops);
            mine.writeTo(artifacts);
            if (outcome.status() != AgentOutcome.Status.SUCCESS) {
                return List.of();
            }
            List<ArtifactConflict> conflicts = AttemptConflicts.involving(services.state(), workdir, mine);
            for (ArtifactConflict c : conflicts) {
                services.events().append(Event.of(services.clock(), EventType.CONFLICT, worker, task.id(), number,
                        c.toMap()));
                terminal.accept(worker + ": " + task.id() + " conflicts with " + c.attempts() + " on " + c.path()
                        + ": " + c.suggestion().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
            return conflicts;
        } catch (IOException e) {
            terminal.accept(worker + ": could not compare " + task.id() + "'s changes with other attempts: "
                    + e.getMessage());
            return List.of();
        }
    }

    /** The files the agent reported changing, and those a command listed in {@code changed-files.txt}. */
    private List<String> reportedFiles(AgentOutcome outcome) {
        List<String> changed = new ArrayList<>(outcome.changedFiles());
        Path listed = artifacts.changedFiles();
        if (Files.isRegularFile(listed)) {
            try {
                // a command writes this file: a runaway one is refused, not read into memory
                BoundedRead.utf8(listed, BoundedRead.DOCUMENT).lines().map(String::strip).filter(l -> !l.isEmpty())
                        .forEach(changed::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + listed + ": " + e.getMessage(), e);
            }
        }
        return changed.stream().distinct().toList();
    }

    /** Ends the attempt's use of its worktree; a git failure there is reported, and the worker goes on. */
    private void release(TaskWorkspace.Place place, boolean delivered) {
        try {
            services.workspace().release(worker, claimed, place, delivered);
        } catch (RuntimeException e) {
            terminal.accept(worker + ": could not clean up the worktree of " + task.id() + ": " + e.getMessage());
        }
    }

    /** The record of an attempt that starts: if its worker dies, it is what the next attempt learns from. */
    private void writeRecord(AttemptRecord attemptRecord) {
        try {
            attemptRecord.writeTo(artifacts);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + artifacts.record() + ": "
                    + e.getMessage(), e);
        }
    }
}
