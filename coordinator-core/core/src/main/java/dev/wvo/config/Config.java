package dev.wvo.config;

import dev.wvo.accounts.Accounts;
import dev.wvo.accounts.Budgets;
import dev.wvo.accounts.LimitSettings;
import dev.wvo.notify.NotifySettings;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code state/config.yaml}, read once per process and checked whole when it is read: every
 * section is parsed into its typed settings, and any mistake (YAML that does not parse, a key
 * written twice, an unknown key or a typo, a value of the wrong kind) is a {@link ConfigException}
 * naming {@code config.yaml:line:column}, what is wrong and what to write instead. A missing file
 * is the defaults.
 *
 * <pre>
 * lock_backend: file | zookeeper      zookeeper: host:port,...
 * backends: {claude: {model: opus}}   profiles: {work: {claude: {config_dir: ~/.claude-work}}}
 * worktree: {mode: always, ...}       retry: {brief_lines: 40, resume_session: false}
 * stages: {...}  pipelines: {...}     pipeline: NAME
 * reactions: {stalled: {action: retry, max: 2}, ...}
 * expect_changes: true                # a successful attempt must have changed files
 * accounts: [{name: work, backend: claude, env: {CLAUDE_CONFIG_DIR: ~/.claude-work}}]
 * limits: {cool_down: 15m, wake_jitter: 30s}
 * budget: {task: $2, account_per_day: $20, run: 5m tokens}
 * notify: {commands: [./hooks/notify.sh], notifiers: {webhook: {url: $SLACK_WEBHOOK_URL}}}
 * pool: {size: 3, stagger: 30s, ...}  # the workers `wvo up` starts
 * </pre>
 *
 * The file is read with SnakeYAML's node tree, as the roadmap is, so every value keeps its line
 * and column (docs/architecture.md says why not Jackson's YAML).
 */
public final class Config {

    /** The lock backends {@code lock_backend} may name. */
    public static final List<String> LOCK_BACKENDS = List.of("file", "zookeeper");
    /** The top-level keys, in the order docs/state-format.md describes them. */
    static final List<String> SECTIONS = List.of("lock_backend", "zookeeper", "backends", "profiles", "stages",
            "pipelines", "pipeline", "retry", "worktree", "reactions", "expect_changes", "pool", "accounts", "limits",
            "budget", "notify");

    private final Path file;
    private final String lockBackend;
    private final String lockBackendWhere;
    private final String zookeeper;
    private final BackendSettings backends;
    private final PipelineConfig pipelines;
    private final RetrySettings retry;
    private final WorktreeSettings worktree;
    private final Map<Trigger, Reaction> reactions;
    private final boolean expectChanges;
    private final PoolSettings pool;
    private final Accounts accounts;
    private final LimitSettings limits;
    private final Budgets budgets;
    private final NotifySettings notify;
    /** The file as read, for the checks that judge it later by its lines (null for the defaults). */
    private final ConfigFile source;

    private Config(Path file, String lockBackend, String lockBackendWhere, String zookeeper, BackendSettings backends,
                   PipelineConfig pipelines, RetrySettings retry, WorktreeSettings worktree,
                   Map<Trigger, Reaction> reactions, boolean expectChanges, PoolSettings pool, Accounts accounts,
                   LimitSettings limits, Budgets budgets, NotifySettings notify, ConfigFile source) {
        this.file = file;
        this.lockBackend = lockBackend;
        this.lockBackendWhere = lockBackendWhere;
        this.zookeeper = zookeeper;
        this.backends = backends;
        this.pipelines = pipelines;
        this.retry = retry;
        this.worktree = worktree;
        this.reactions = reactions;
        this.expectChanges = expectChanges;
        this.pool = pool;
        this.accounts = accounts;
        this.limits = limits;
        this.budgets = budgets;
        this.notify = notify;
        this.source = source;
    }

    /**
     * Reads and checks the file; absent means the defaults.
     *
     * @throws ConfigException naming file:line:column, what is wrong and what to do
     */
    public static Config read(Path file) {
        Objects.requireNonNull(file, "file");
        ConfigFile config = ConfigFile.read(file);
        ConfigFile.Entry root = config.root().onlyKeys(SECTIONS.toArray(String[]::new));
        Optional<ConfigFile.Entry> backend = root.child("lock_backend");
        String zookeeper = root.child("zookeeper").map(z -> {
            String hosts = z.text().strip();
            if (hosts.isEmpty()) {
                throw z.problem("is empty; give the ensemble as host:port[,host:port...], or leave the key out");
            }
            return hosts;
        }).orElse(null);
        return new Config(file, backend.map(b -> b.choice(LOCK_BACKENDS.toArray(String[]::new))).orElse(null),
                backend.map(ConfigFile.Entry::where).orElse(null), zookeeper, BackendSettings.read(config),
                PipelineConfig.read(config), RetrySettings.read(config), WorktreeSettings.read(config),
                Reaction.read(config), root.child("expect_changes").map(ConfigFile.Entry::bool).orElse(true),
                PoolSettings.read(config), AccountSection.read(config), LimitSection.read(config),
                BudgetSection.read(config), NotifySection.read(config).orElse(null), config);
    }

    /** The defaults, as for a state directory without the file. */
    public static Config empty(Path file) {
        return new Config(file, null, null, null, BackendSettings.NONE, PipelineConfig.empty(), RetrySettings.DEFAULTS,
                WorktreeSettings.off(), Reaction.defaults(), true, PoolSettings.none(), Accounts.NONE,
                LimitSettings.DEFAULTS, Budgets.NONE, null, null);
    }

    /** The file as read; empty for the defaults of a state directory without one. */
    Optional<ConfigFile> source() {
        return Optional.ofNullable(source);
    }

    public Path file() {
        return file;
    }

    /** {@code lock_backend}: {@code file} or {@code zookeeper}, if the file sets it. */
    public Optional<String> lockBackend() {
        return Optional.ofNullable(lockBackend);
    }

    /** {@code file:line:column} of {@code lock_backend}, for messages about it; empty when it is not set. */
    public Optional<String> lockBackendWhere() {
        return Optional.ofNullable(lockBackendWhere);
    }

    /** {@code zookeeper}: the ensemble, if the file names one. */
    public Optional<String> zookeeper() {
        return Optional.ofNullable(zookeeper);
    }

    /** {@code backends:} and {@code profiles:}. */
    public BackendSettings backends() {
        return backends;
    }

    /** {@code stages:}, {@code pipelines:} and the default {@code pipeline:}. */
    public PipelineConfig pipelines() {
        return pipelines;
    }

    /** {@code retry:}. */
    public RetrySettings retry() {
        return retry;
    }

    /** {@code worktree:}. */
    public WorktreeSettings worktree() {
        return worktree;
    }

    /** {@code expect_changes}: whether a successful attempt must have changed files, unless its task says otherwise. */
    public boolean expectChanges() {
        return expectChanges;
    }

    /** {@code pool:}: the workers {@code wvo up} starts. */
    public PoolSettings pool() {
        return pool;
    }

    /** {@code accounts:}: the logins of each backend, in order. */
    public Accounts accounts() {
        return accounts;
    }

    /** {@code limits:}: how limits are marked and waited out. */
    public LimitSettings limits() {
        return limits;
    }

    /** {@code budget:}: what may be spent per task, per account and day, per worker run. */
    public Budgets budgets() {
        return budgets;
    }

    /** {@code notify:}: whom to tell when something needs a person; empty when the section is absent. */
    public Optional<NotifySettings> notifications() {
        return Optional.ofNullable(notify);
    }

    /** {@code reactions:}, with the defaults for every trigger it leaves out. */
    public Map<Trigger, Reaction> reactions() {
        return reactions;
    }
}
