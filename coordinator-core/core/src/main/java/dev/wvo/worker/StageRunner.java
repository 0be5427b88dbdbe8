package dev.wvo.worker;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.UsageRecord;
import dev.wvo.events.Event;
import dev.wvo.events.EventType;
import dev.wvo.fs.StateDir;
import dev.wvo.fs.AtomicWrite;
import dev.wvo.config.BackendSettings;
import dev.wvo.config.PipelineConfig;
import dev.wvo.config.PipelineException;
import dev.wvo.config.PromptTemplate;
import dev.wvo.config.StageDefinition;
import dev.wvo.pipeline.StagePlan;
import dev.wvo.schedule.ClaimedTask;
import dev.wvo.schedule.Completion;
import dev.wvo.schedule.Scheduler;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.AgentOutcome;
import dev.wvo.spi.AgentRun;
import dev.wvo.spi.TaskView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs one attempt of a claimed task. A task without a pipeline is one agent run with the usual
 * prompt. A task with one runs its stages in order in the same working directory, starting at
 * the stage the roadmap records for it; each stage's end is written to the roadmap (under the
 * claim, in one transaction) before the next starts, so that an attempt that fails, or a worker
 * that dies, leaves the task to be resumed at the stage it was in.
 *
 * <p>Each agent run goes along the worker's fallback chain: when its backend ends rate-limited,
 * the limit goes on the shared board and the same run starts again with the next backend of the
 * chain that is not limited, as a new hop of the same attempt with its own artifacts and record.
 * Every hop's usage goes to the cost ledger as it ends.
 */
final class StageRunner {

    /**
     * How the attempt ended.
     *
     * @param outcome     the outcome (of the last stage run), null when interrupted
     * @param interrupted the worker was asked to stop before an agent started or while one ran
     * @param agent       the backend that ran last
     * @param summary     the summary for the roadmap and the event log, secrets masked
     * @param forced      the completion to record regardless of the outcome (a task whose
     *                    pipeline cannot run is blocked), or null
     * @param hops        the agent runs of the attempt, in order
     */
    record Result(AgentOutcome outcome, boolean interrupted, String agent, String summary, Completion forced,
                  List<HopRecord> hops) {

        Result withHops(List<HopRecord> all) {
            return new Result(outcome, interrupted, agent, summary, forced, all);
        }
    }

    private final PipelineConfig pipelines;
    private final Scheduler scheduler;
    private final WorkerServices services;
    private final WorkerSettings settings;
    private final ContextNotes context;
    private final Clock clock;
    private final Consumer<String> terminal;
    private final Supplier<List<Account>> chain;

    /** @param chain the worker's accounts that can run here, in the order it tries them */
    StageRunner(WorkerSettings settings, WorkerServices services, Supplier<List<Account>> chain) {
        this.chain = chain;
        this.pipelines = services.pipelines();
        this.scheduler = services.scheduler();
        this.services = services;
        this.settings = settings;
        this.context = services.context();
        this.clock = services.clock();
        this.terminal = services.terminal();
    }

    /**
     * @param workerId  the worker
     * @param claimed   the task, claimed by the worker
     * @param agent     the backend the worker chose for the task
     * @param artifacts the attempt's artifacts directory
     * @param env       the environment every run gets
     * @param secrets   the worker's environment: accounts take their {@code $NAME} values from it, and its
     *                  secret-looking values are masked in output
     * @param onStage   told the label of each stage as it starts ({@code write_tests 2/4})
     * @param brief     what the attempt before this one did: added to the first prompt of this attempt,
     *                  whose run resumes that attempt's session when the brief says so
     * @param workdir   where the agent works: the worker's checkout, or the task's worktree
     */
    Result run(String workerId, ClaimedTask claimed, String agent, StateDir.AttemptDir artifacts, Map<String, String> env,
               Map<String, String> secrets, Consumer<String> onStage, AttemptBrief brief, Path workdir) {
        TaskView task = claimed.task();
        Optional<Start> start;
        try {
            start = begin(claimed, agent);
        } catch (PipelineException e) {
            terminal.accept(workerId + ": " + task.id() + " cannot run its pipeline: " + e.getMessage());
            return new Result(AgentOutcome.failure(null, e.getMessage()), false, agent, e.getMessage(), Completion.BLOCKED,
                    List.of());
        } catch (IllegalStateException e) {
            if (stoppedWhileWaiting(e)) {
                return new Result(null, true, agent, "", null, List.of());
            }
            throw e;
        }
        if (start.isEmpty()) {
            String lost = "the claim was lost before the attempt began";
            return new Result(AgentOutcome.failure(null, lost), false, agent, lost, null, List.of());
        }
        if (start.get().plan() == null) {
            return runOnce(new Hops(workerId, claimed.claim().attempt(), null), task, agent,
                    PromptBuilder.build(task, workerId, context.relevantTo(task)), brief, artifacts, env, secrets, workdir);
        }
        return runStages(workerId, claimed, agent, start.get().plan(), artifacts, env, secrets, onStage, brief, workdir);
    }

    /** How an attempt starts: with a plan of stages, or (null) as one run for a task without a pipeline. */
    private record Start(StagePlan plan) {
    }

    /**
     * Resolves the task's pipeline and records the stage it starts at, in one transaction.
     *
     * @return empty if the claim was lost
     */
    private Optional<Start> begin(ClaimedTask claimed, String agent) {
        String id = claimed.task().id();
        if (claimed.task().extra().get("pipeline") == null && !pipelines.hasDefault() && claimed.pipeline() == null) {
            // no pipeline anywhere: one run, with no stage to record, so no transaction (one of four per task
            // before, each waiting its turn for the roadmap lock). The claim it would check again may be lost
            // a moment later all the same; the completion refuses a lost claim either way. The roadmap's
            // default pipeline is the one the claim read: a read of the whole roadmap less per attempt, and a
            // `pipeline:` added since applies from the next claim on, as one added during a run does
            return Optional.of(new Start(null));
        }
        return scheduler.whileClaimed(claimed, (board, state) -> {
            String where = board.whereIs(id);
            List<StageDefinition> stages = pipelines.stagesFor(state.view().extra().get("pipeline"),
                    board.setting("pipeline"), where);
            if (stages.isEmpty()) {
                return new Start(null);
            }
            StagePlan plan = StagePlan.of(stages, state.view().extra(), where);
            for (StageDefinition s : stages) {
                String backend = Account.backendOf(s.backendOr(agent));
                if (services.backend(backend).isEmpty()) {
                    throw new PipelineException(where + ": its stage '" + s.name() + "' (" + s.where() + ") runs with "
                            + "backend '" + backend + "', which is not loaded; see `wvo plugins list`, or change the stage");
                }
            }
            board.record(id, plan.fieldsAtStart());
            return new Start(plan);
        });
    }

    private Result runStages(String workerId, ClaimedTask claimed, String agent, StagePlan plan, StateDir.AttemptDir artifacts,
                             Map<String, String> env, Map<String, String> secrets, Consumer<String> onStage,
                             AttemptBrief brief, Path workdir) {
        TaskView task = claimed.task();
        List<String> changed = new ArrayList<>();
        List<HopRecord> hops = new ArrayList<>();
        Result last = null;
        for (int i = plan.start(); i < plan.count(); i++) {
            StageDefinition stage = plan.stages().get(i);
            String label = plan.label(i);
            String backend = stage.backendOr(agent);
            StateDir.AttemptDir dir = artifacts.stage(i + 1, stage.name());
            onStage.accept(label);
            terminal.accept(workerId + ": " + task.id() + " stage " + label + " with " + backend);
            Map<String, String> stageEnv = new HashMap<>(env);
            stageEnv.put("WVO_STAGE", stage.name());
            stageEnv.put("WVO_STAGE_NUMBER", Integer.toString(i + 1));
            stageEnv.put("WVO_STAGE_COUNT", Integer.toString(plan.count()));
            stageEnv.put("WVO_STAGE_ARTIFACTS", dir.directory().toAbsolutePath().toString());
            TaskView view = stage.command() == null ? task : task.toBuilder().command(stage.command()).build();
            // the stage this attempt resumes at is the one the previous attempt ended in: it gets the brief
            boolean first = i == plan.start();
            String prompt = prompt(stage, plan, i, task, workerId);
            Result r = runOnce(new Hops(workerId, claimed.claim().attempt(), stage.name()), view, backend, prompt,
                    first ? brief : AttemptBrief.NONE, dir, stageEnv, secrets, workdir);
            hops.addAll(r.hops());
            if (r.interrupted()) {
                return r.withHops(hops);
            }
            boolean ok = r.outcome().status() == AgentOutcome.Status.SUCCESS;
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("outcome", outcomeName(r.outcome().status()));
            outcome.put("attempt", claimed.claim().attempt());
            outcome.put("agent", r.agent());
            outcome.put("finished_at", clock.instant().toString());
            outcome.put("summary", r.summary());
            int index = i;
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("stage", stage.name());
            detail.put("number", i + 1);
            detail.put("count", plan.count());
            detail.put("outcome", outcome.get("outcome"));
            detail.put("agent", r.agent());
            detail.put("summary", r.summary());
            Event event = Event.of(clock, EventType.STAGE, workerId, task.id(), claimed.claim().attempt(), detail);
            Optional<Boolean> recorded;
            try {
                recorded = scheduler.whileClaimed(claimed, (board, state) -> {
                    board.record(task.id(), plan.finish(index, ok, outcome));
                    board.log(event);
                    return true;
                });
            } catch (IllegalStateException e) {
                if (stoppedWhileWaiting(e)) {
                    return new Result(null, true, r.agent(), "", null, hops);
                }
                throw e;
            }
            if (recorded.isEmpty()) {
                String lost = "the claim was lost during stage " + label;
                return new Result(AgentOutcome.failure(null, lost), false, r.agent(), lost, null, hops);
            }
            changed.addAll(r.outcome().changedFiles());
            if (!ok) {
                return new Result(r.outcome(), false, r.agent(), "at stage " + label + ": " + r.summary(), null, hops);
            }
            last = r;
        }
        String summary = "all " + plan.count() + " stages done" + (last.summary().isBlank() ? "" : "; last: " + last.summary());
        return new Result(last.outcome().withChangedFiles(changed.stream().distinct().toList()), false, last.agent(),
                summary, null, hops);
    }

    /** Who runs the hops of one agent run, for which attempt, and in which stage (null for none). */
    private record Hops(String worker, int attempt, String stage) {
    }

    /**
     * One agent run along the worker's chain of accounts: a run that ends limited puts its account
     * on the board and starts again with the next account of the chain that is neither limited nor
     * tried yet in this run (the next account of the same backend comes before the next backend);
     * with none left, it ends limited and the task goes back. The first hop is told what the
     * attempt before left ({@code brief}), and continues a session where the brief says so.
     */
    private Result runOnce(Hops who, TaskView task, String agent, String prompt, AttemptBrief brief, StateDir.AttemptDir dir,
                           Map<String, String> env, Map<String, String> workerEnv, Path workdir) {
        List<HopRecord> hops = new ArrayList<>();
        Set<String> tried = new HashSet<>();
        Account account = accountFor(agent);
        String session = brief.resumeSession(account.id(), who.stage());
        String text = brief.prompt(prompt, account.id(), who.stage());
        while (true) {
            tried.add(account.id());
            int number = hopNumber(dir);
            StateDir.AttemptDir hopDir = number == 1 ? dir : dir.hop(number, account.backend());
            Instant started = clock.instant();
            Result r = runHop(task, account, text, hopDir, env, workerEnv, session, workdir);
            if (r.interrupted()) {
                return r.withHops(hops);
            }
            AgentOutcome outcome = r.outcome();
            HopRecord hop = HopRecord.of(number, who.stage(), account, settings.profile(), started, clock.instant(),
                    outcome, r.summary(), dir.directory().relativize(hopDir.directory()).toString());
            hops.add(hop);
            if (!outcome.usage().isEmpty()) {
                services.costs().record(new UsageRecord(hop.finishedAt(), who.worker(), task.id(), who.attempt(), number,
                        account.backend(), account.id(), settings.profile(), hop.outcome(), outcome.usage()));
            }
            if (outcome.status() != AgentOutcome.Status.RATE_LIMITED) {
                return r.withHops(hops);
            }
            services.rateLimits().mark(account.id(), outcome.retryAfter(), who.worker(), r.summary());
            Optional<Account> next = services.rateLimits().firstAvailable(
                    chain.get().stream().filter(a -> !tried.contains(a.id())).toList());
            terminal.accept(who.worker() + ": " + account.id() + " is rate-limited"
                    + services.rateLimits().limitedUntil(account.id()).map(until -> " until " + until).orElse("")
                    + next.map(n -> "; " + task.id() + " goes on with " + n.id()).orElse("; no account of the chain is left"));
            if (next.isEmpty()) {
                return r.withHops(hops);
            }
            account = next.get();
            // another account, even of the same backend, keeps its sessions elsewhere: start afresh
            session = null;
            text = PromptBuilder.withPreviousAttempt(prompt, brief.text());
        }
    }

    /**
     * The account a run by {@code agent} uses: the worker's account of that id; for a backend's
     * name (a pipeline stage's {@code backend:}), its first account in the chain that is not
     * limited, else its first account.
     */
    private Account accountFor(String agent) {
        List<Account> mine = chain.get();
        Optional<Account> exact = mine.stream().filter(a -> a.id().equals(agent)).findFirst()
                .or(() -> services.accounts().byId(agent).filter(a -> a.name() != null));
        if (exact.isPresent()) {
            return exact.get();
        }
        String backend = Account.backendOf(agent);
        List<Account> ofBackend = mine.stream().filter(a -> a.backend().equals(backend)).toList();
        return services.rateLimits().firstAvailable(ofBackend)
                .orElse(ofBackend.isEmpty() ? services.accounts().of(backend).get(0) : ofBackend.get(0));
    }

    private static int hopNumber(StateDir.AttemptDir dir) {
        try {
            return dir.nextHop();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir.directory() + ": " + e.getMessage(), e);
        }
    }

    /**
     * One hop: its prompt and output in {@code dir}, with the account's environment (its
     * {@code $NAME} references resolved from the worker's, their secrets masked like the others);
     * a failing backend is a failed outcome, not a crash.
     */
    private Result runHop(TaskView task, Account account, String prompt, StateDir.AttemptDir dir, Map<String, String> env,
                          Map<String, String> workerEnv, String resumeSession, Path workdir) {
        AgentBackend backend = services.backend(account.backend()).orElseThrow();
        writePrompt(dir.prompt(), prompt);
        Map<String, String> runEnv = new HashMap<>(env);
        Map<String, String> masked = new HashMap<>(workerEnv);
        AgentOutcome outcome;
        AttemptOutput output = null;
        try {
            Map<String, String> selected = account.resolvedEnvironment(workerEnv);
            runEnv.putAll(selected);
            masked.putAll(selected); // an API key the account takes from a variable of another name is masked by its own
            output = new AttemptOutput(dir.output(), terminal, task.id(), masked);
            try (AttemptOutput sink = output) {
                outcome = backend.run(new AgentRun(task, workdir, prompt, runEnv, settings.taskTimeout(),
                        settings.stallTimeout(), BackendSettings.forTask(settings.settingsOf(account), task,
                        account.backend()), resumeSession), sink);
            }
        } catch (InterruptedException e) {
            return new Result(null, true, account.id(), "", null, List.of());
        } catch (RuntimeException e) {
            outcome = AgentOutcome.failure(null, account.id() + " backend failed: " + e.getMessage());
        }
        // the summary comes from the agent's output too: it is masked like every line of it
        String summary = output == null ? outcome.summary() : output.mask(outcome.summary());
        return new Result(outcome, false, account.id(), summary, null, List.of());
    }

    private String prompt(StageDefinition stage, StagePlan plan, int index, TaskView task, String workerId) {
        List<String> notes = context.relevantTo(task);
        String previous = plan.previousReports(index);
        if (stage.prompt() == null) {
            StringBuilder p = new StringBuilder(PromptBuilder.build(task, workerId, notes));
            p.append("\nThis is stage ").append(index + 1).append(" of ").append(plan.count()).append(": ")
                    .append(stage.name()).append(".\n");
            if (!previous.isEmpty()) {
                p.append("\nEarlier stages reported:\n").append(previous).append("\n");
            }
            return p.toString();
        }
        Map<String, String> values = new HashMap<>();
        values.put("task.id", task.id());
        values.put("task.title", task.title());
        values.put("task.description", task.description().strip());
        values.put("task.exit_criteria", PromptTemplate.bullets(task.exitCriteria()));
        values.put("task.prompt", task.prompt() == null ? "" : task.prompt().strip());
        values.put("stage.name", stage.name());
        values.put("stage.number", Integer.toString(index + 1));
        values.put("stage.count", Integer.toString(plan.count()));
        values.put("previous", previous);
        values.put("worker", workerId);
        values.put("attempt", Integer.toString(task.attempt()));
        values.put("context", String.join("\n", notes));
        // the readonly rule is not the template's to leave out, nor the context every prompt gets
        return stage.prompt().render(values) + (task.readonly() ? PromptBuilder.readonlyRule(task) : "")
                + (stage.prompt().uses("context") ? "" : PromptBuilder.contextSection(notes));
    }

    /**
     * A stop request that came while waiting for the roadmap lock: the store re-asserts the
     * interrupt and throws; the worker then gives the task back at its recorded stage.
     */
    private static boolean stoppedWhileWaiting(IllegalStateException e) {
        return e.getCause() instanceof InterruptedException;
    }

    private static String outcomeName(AgentOutcome.Status status) {
        return switch (status) {
            case SUCCESS -> "done";
            case FAILURE -> "failed";
            default -> HopRecord.outcomeName(status);
        };
    }

    /**
     * The prompt, for people to read beside the run's output: not forced to disk, as output.log
     * beside it is not either. Nothing reads it back, and a power cut that lost it also ended the
     * run it belongs to; the next attempt writes its own.
     */
    private static void writePrompt(Path file, String text) {
        try {
            AtomicWrite.writeUnforced(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
