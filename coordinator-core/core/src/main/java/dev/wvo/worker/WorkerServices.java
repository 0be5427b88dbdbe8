package dev.wvo.worker;

import dev.wvo.accounts.CostLedger;
import dev.wvo.accounts.RateLimitBoard;
import dev.wvo.config.Config;
import dev.wvo.config.PipelineConfig;
import dev.wvo.config.RetrySettings;
import dev.wvo.config.WorktreeSettings;
import dev.wvo.context.ContextStores;
import dev.wvo.events.EventLog;
import dev.wvo.fs.StateDir;
import dev.wvo.git.TaskWorkspace;
import dev.wvo.lock.LockManager;
import dev.wvo.reactions.Reactions;
import dev.wvo.roadmap.RoadmapBoardStore;
import dev.wvo.roadmap.RoadmapStore;
import dev.wvo.schedule.Scheduler;
import dev.wvo.schedule.TaskBoardStore;
import dev.wvo.spi.AgentBackend;
import dev.wvo.spi.PartitionPolicy;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What a worker works with, composed once by whoever starts it ({@code wvo worker}, a test): the
 * stores of the shared state, the plugins, the settings of {@code config.yaml}, the clock and the
 * terminal. A worker builds none of these itself and reads no configuration.
 */
public final class WorkerServices {

    private final StateDir state;
    private final LockManager locks;
    private final Clock clock;
    private final TaskBoardStore roadmap;
    private final Scheduler scheduler;
    private final EventLog events;
    private final ContextNotes context;
    private final WorkerRegistry registry;
    private final WorkerControl control;
    private final RateLimitBoard rateLimits;
    private final CostLedger costs;
    private final TaskWorkspace workspace;
    private final Function<String, Optional<AgentBackend>> backends;
    private final Function<String, Optional<PartitionPolicy>> policies;
    private final PipelineConfig pipelines;
    private final RetrySettings retry;
    private final Reactions reactions;
    private final ExpectedChanges expectedChanges;
    private final Consumer<String> terminal;

    private WorkerServices(Builder b) {
        this.state = b.state;
        this.locks = b.locks;
        this.clock = b.clock;
        this.terminal = b.terminal;
        // a roadmap mid-edit or a lock held long makes the worker wait and say why, never stop
        this.roadmap = new PatientTaskBoard(b.roadmap != null ? b.roadmap
                : new RoadmapBoardStore(new RoadmapStore(state, locks)), b.terminal, clock);
        this.scheduler = new Scheduler(roadmap, locks, clock);
        this.events = EventLog.in(state.root());
        this.context = b.context != null ? b.context : new MergedContextNotes(ContextStores.of(state.root(), locks), clock,
                warning -> terminal.accept("wvo: " + warning));
        this.registry = new WorkerRegistry(state.workers());
        this.control = new WorkerControl(state);
        this.rateLimits = new RateLimitBoard(state.root(), locks, clock);
        this.costs = new CostLedger(events);
        this.expectedChanges = b.expectedChanges;
        this.backends = b.backends;
        this.policies = b.policies;
        this.pipelines = b.pipelines;
        this.retry = b.retry;
        this.reactions = b.reactions;
        this.workspace = b.worktrees == null ? TaskWorkspace.inPlace()
                : TaskWorkspace.open(b.worktrees, b.repositoryHint, state.root(), locks, roadmap, events, reactions, clock,
                terminal);
    }

    /** The services of the state directory {@code state}, whose locks {@code locks} holds. */
    public static Builder builder(StateDir state, LockManager locks, Clock clock) {
        return new Builder(state, locks, clock);
    }

    /** The parts of a worker's services that differ between workers; the rest follows from them. */
    public static final class Builder {
        private final StateDir state;
        private final LockManager locks;
        private final Clock clock;
        private TaskBoardStore roadmap;
        private ContextNotes context;
        private Function<String, Optional<AgentBackend>> backends = name -> Optional.empty();
        private Function<String, Optional<PartitionPolicy>> policies = name -> Optional.empty();
        private PipelineConfig pipelines = PipelineConfig.empty();
        private RetrySettings retry = RetrySettings.DEFAULTS;
        private Reactions reactions = Reactions.DEFAULTS;
        private ExpectedChanges expectedChanges = ExpectedChanges.DEFAULT;
        private WorktreeSettings worktrees;
        private Path repositoryHint;
        private Consumer<String> terminal = line -> { };

        private Builder(StateDir state, LockManager locks, Clock clock) {
            this.state = Objects.requireNonNull(state, "state");
            this.locks = Objects.requireNonNull(locks, "locks");
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /** The roadmap, when the caller has it already: a test's board, or the store a command read first. */
        public Builder roadmap(TaskBoardStore board) {
            this.roadmap = board;
            return this;
        }

        /** The agent backends and partition policies by name, as the plugin host finds them. */
        public Builder plugins(Function<String, Optional<AgentBackend>> agentBackends,
                               Function<String, Optional<PartitionPolicy>> partitionPolicies) {
            this.backends = agentBackends;
            this.policies = partitionPolicies;
            return this;
        }

        /** What the worker reads from and adds to the shared context; by default {@code context.md}, merged. */
        public Builder context(ContextNotes notes) {
            this.context = notes;
            return this;
        }

        /** The stages, retries, reactions and expected changes of the configuration, read once by the caller. */
        public Builder config(Config config) {
            this.pipelines = config.pipelines();
            this.retry = config.retry();
            this.reactions = new Reactions(config.reactions());
            this.expectedChanges = ExpectedChanges.of(config.expectChanges());
            return this;
        }

        /**
         * Runs tasks in git worktrees as {@code settings} say (nothing changes when they are off).
         *
         * @param workingDirectory where the repository is looked for when the settings name none
         */
        public Builder worktrees(WorktreeSettings settings, Path workingDirectory) {
            this.worktrees = settings;
            this.repositoryHint = workingDirectory;
            return this;
        }

        /** Where the worker's lines go (its terminal). */
        public Builder terminal(Consumer<String> lines) {
            this.terminal = Objects.requireNonNull(lines, "lines");
            return this;
        }

        /**
         * @throws IllegalStateException when worktrees are on and no git repository contains the directory
         */
        public WorkerServices build() {
            return new WorkerServices(this);
        }
    }

    public StateDir state() {
        return state;
    }

    public LockManager locks() {
        return locks;
    }

    public Clock clock() {
        return clock;
    }

    public TaskBoardStore roadmap() {
        return roadmap;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public EventLog events() {
        return events;
    }

    public ContextNotes context() {
        return context;
    }

    public WorkerRegistry registry() {
        return registry;
    }

    public WorkerControl control() {
        return control;
    }

    public RateLimitBoard rateLimits() {
        return rateLimits;
    }

    /** Where every agent run's usage goes. */
    public CostLedger costs() {
        return costs;
    }

    ExpectedChanges expectedChanges() {
        return expectedChanges;
    }

    public TaskWorkspace workspace() {
        return workspace;
    }

    public Optional<AgentBackend> backend(String name) {
        return backends.apply(name);
    }

    public Optional<PartitionPolicy> policy(String name) {
        return policies.apply(name);
    }

    public PipelineConfig pipelines() {
        return pipelines;
    }

    public RetrySettings retry() {
        return retry;
    }

    public Reactions reactions() {
        return reactions;
    }

    public Consumer<String> terminal() {
        return terminal;
    }
}
