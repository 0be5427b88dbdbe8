package dev.wvo.worker;

import dev.wvo.accounts.Account;
import dev.wvo.schedule.FirstClaims;
import dev.wvo.spi.WorkerOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a worker was started ({@code wvo worker ...}).
 *
 * @param id               the worker id, or null to take the first free {@code workerN}
 * @param agents           the backend or account to use, then its fallbacks, in order ({@code claude},
 *                         {@code claude:work}, {@code codex})
 * @param policy           the partition policy's name, or null for none
 * @param domains          preferred domains
 * @param epics            preferred epics
 * @param fallbackToOthers whether to take work outside the preferred partition when it has none
 * @param maxTasks         stop after this many tasks finished (done, failed or blocked; a task given
 *                         back because every backend was limited does not count); 0 for no limit
 * @param exitWhenIdle     exit once nothing is running or runnable, instead of waiting for work
 * @param taskTimeout      how long one attempt may run
 * @param stallTimeout     how long an agent may go without output
 * @param idleWait         the longest wait between looks at the roadmap when nothing changes
 * @param workingDirectory where agents run
 * @param backendSettings  settings per backend name ({@code claude: {model: opus}})
 * @param profile          the configuration profile the settings came from, or null; recorded with every run's usage
 */
public record WorkerSettings(String id, List<String> agents, String policy, List<String> domains, List<String> epics,
                             boolean fallbackToOthers, int maxTasks, boolean exitWhenIdle, Duration taskTimeout,
                             Duration stallTimeout, Duration idleWait, Path workingDirectory,
                             Map<String, Map<String, String>> backendSettings, String profile) {

    /** Settings that come from no profile. */
    public WorkerSettings(String id, List<String> agents, String policy, List<String> domains, List<String> epics,
                          boolean fallbackToOthers, int maxTasks, boolean exitWhenIdle, Duration taskTimeout,
                          Duration stallTimeout, Duration idleWait, Path workingDirectory,
                          Map<String, Map<String, String>> backendSettings) {
        this(id, agents, policy, domains, epics, fallbackToOthers, maxTasks, exitWhenIdle, taskTimeout, stallTimeout,
                idleWait, workingDirectory, backendSettings, null);
    }

    public WorkerSettings {
        agents = List.copyOf(agents);
        if (agents.isEmpty()) {
            throw new IllegalArgumentException("A worker needs an agent backend (--agent)");
        }
        domains = List.copyOf(domains);
        epics = List.copyOf(epics);
        Objects.requireNonNull(taskTimeout, "taskTimeout");
        Objects.requireNonNull(stallTimeout, "stallTimeout");
        Objects.requireNonNull(idleWait, "idleWait");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        backendSettings = Map.copyOf(backendSettings);
    }

    /**
     * The account a task's {@code account:} is matched against: the name of the first agent's
     * account ({@code work} of {@code --agent claude:work}), else the profile, else none. The one
     * notion of "this worker's account", for the worker and for {@code up --dry-run} alike.
     */
    public String account() {
        String first = agents.get(0);
        int at = first.indexOf(Account.SEPARATOR);
        return at >= 0 ? first.substring(at + Account.SEPARATOR.length()) : profile;
    }

    /** What the worker {@code workerId} tells its partition policy and the claim rules about itself. */
    public WorkerOptions options(String workerId) {
        String account = account();
        return new WorkerOptions(workerId, domains, epics, fallbackToOthers,
                account == null ? Map.of() : Map.of(FirstClaims.ACCOUNT, account));
    }

    public Map<String, String> settingsOf(String backend) {
        return backendSettings.getOrDefault(backend, Map.of());
    }

    /** The settings of an account: its backend's, then the account's own over them. */
    public Map<String, String> settingsOf(Account account) {
        if (account.settings().isEmpty()) {
            return settingsOf(account.backend());
        }
        Map<String, String> merged = new HashMap<>(settingsOf(account.backend()));
        merged.putAll(account.settings());
        return Map.copyOf(merged);
    }
}
