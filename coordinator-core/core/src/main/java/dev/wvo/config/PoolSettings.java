package dev.wvo.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The workers {@code wvo up} starts: the {@code pool:} section of {@code state/config.yaml}.
 *
 * <pre>
 * pool:
 *   size: 3              # how many workers `wvo up` starts without --workers (default: one per
 *                        # entry of workers:, at least 1)
 *   stagger: 30s         # wait between two starts, so that agents do not hit a rate limit together
 *   one_process: false   # host the workers in one JVM (as `wvo up --one-process`)
 *   agent: claude        # defaults for every worker: agent, fallback, account, domains, epics
 *   fallback: [codex]
 *   workers:             # per worker, in start order; a worker past the list takes the defaults
 *     - {id: api, agent: claude, account: work, domains: [api]}
 *     - {agent: codex, epics: [E2]}
 * </pre>
 *
 * A worker's id is its entry's {@code id}, else {@code pool-<n>} (its place, from 1). Its
 * {@code account} is an account of {@code accounts:} of its agent ({@code --agent claude:work}), else
 * a profile of {@code profiles:} ({@code wvo worker --profile}).
 *
 * @param size     the workers to start without {@code --workers}
 * @param stagger  the wait between two starts
 * @param oneProcess whether {@code wvo up} hosts the workers in one process ({@code --one-process})
 * @param defaults what a worker takes where its entry says nothing
 * @param members  the entries of {@code workers:}, in order
 */
public record PoolSettings(int size, Duration stagger, boolean oneProcess, Member defaults, List<Member> members) {

    static final String SECTION = "pool";
    /** The tmux playbook's wait between two starts, for rate limits. */
    public static final Duration DEFAULT_STAGGER = Duration.ofSeconds(30);
    private static final String[] MEMBER_KEYS = {"agent", "fallback", "account", "domains", "epics"};

    public PoolSettings {
        Objects.requireNonNull(stagger, "stagger");
        Objects.requireNonNull(defaults, "defaults");
        members = List.copyOf(members);
    }

    /** Without a {@code pool:} section: one worker, 30 s apart, a process each, nothing preset. */
    public static PoolSettings none() {
        return new PoolSettings(1, DEFAULT_STAGGER, false, Member.NONE, List.of());
    }

    /**
     * One worker's settings; each empty or null where config.yaml says nothing.
     *
     * @param id       its id, or null for {@code pool-<n>}
     * @param agent    its backend
     * @param fallback the backends to use while the ones before are rate-limited
     * @param account  its account of {@code accounts:}, or its profile ({@code profiles:})
     * @param domains  the domains it prefers
     * @param epics    the epics it prefers
     * @param accountAt {@code file:line:column} of the {@code account:} value, or null without one
     */
    public record Member(String id, String agent, List<String> fallback, String account, List<String> domains,
                         List<String> epics, String accountAt) {

        static final Member NONE = new Member(null, null, List.of(), null, List.of(), List.of(), null);

        /** An entry read from nowhere in particular (tests, defaults). */
        public Member(String id, String agent, List<String> fallback, String account, List<String> domains,
                      List<String> epics) {
            this(id, agent, fallback, account, domains, epics, null);
        }

        public Member {
            fallback = List.copyOf(fallback);
            domains = List.copyOf(domains);
            epics = List.copyOf(epics);
        }

        /** This entry, with {@code defaults} wherever it says nothing. */
        Member over(Member defaults) {
            return new Member(id, agent != null ? agent : defaults.agent,
                    fallback.isEmpty() ? defaults.fallback : fallback, account != null ? account : defaults.account,
                    domains.isEmpty() ? defaults.domains : domains, epics.isEmpty() ? defaults.epics : epics,
                    account != null ? accountAt : defaults.accountAt);
        }
    }

    /** The settings of the {@code n}th worker (from 1): its entry over the defaults, with its id. */
    public Member worker(int n) {
        Member own = n <= members.size() ? members.get(n - 1).over(defaults) : defaults;
        return new Member(own.id != null ? own.id : "pool-" + n, own.agent, own.fallback, own.account, own.domains,
                own.epics, own.accountAt);
    }

    /**
     * Reads the {@code pool:} section; absent means {@link #none()}.
     *
     * @throws ConfigException naming file:line when a value is wrong
     */
    static PoolSettings read(ConfigFile config) {
        Optional<ConfigFile.Entry> section = config.root().child(SECTION);
        if (section.isEmpty()) {
            return none();
        }
        List<String> keys = new ArrayList<>(List.of("size", "stagger", "one_process", "workers"));
        keys.addAll(List.of(MEMBER_KEYS));
        ConfigFile.Entry pool = section.get().onlyKeys(keys.toArray(String[]::new));
        Member defaults = member(pool, null);
        List<Member> members = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigFile.Entry item : pool.child("workers").map(ConfigFile.Entry::items).orElse(List.of())) {
            if (!item.isMapping()) {
                throw item.problem("must be a mapping of id, agent, fallback, account, domains, epics");
            }
            List<String> memberKeys = new ArrayList<>(List.of("id"));
            memberKeys.addAll(List.of(MEMBER_KEYS));
            item.onlyKeys(memberKeys.toArray(String[]::new));
            String id = item.child("id").map(e -> e.text().strip()).orElse(null);
            if (id != null && !ids.add(id)) {
                throw item.child("id").get().problem("names " + id + " twice; give every worker of the pool its own id");
            }
            members.add(member(item, id));
        }
        int size = pool.child("size").map(e -> e.integer(1)).orElse(Math.max(1, members.size()));
        Duration stagger = pool.child("stagger").map(ConfigFile.Entry::duration).orElse(DEFAULT_STAGGER);
        boolean oneProcess = pool.child("one_process").map(ConfigFile.Entry::bool).orElse(false);
        return new PoolSettings(size, stagger, oneProcess, defaults, members);
    }

    private static Member member(ConfigFile.Entry entry, String id) {
        Optional<ConfigFile.Entry> account = entry.child("account");
        return new Member(id, entry.child("agent").map(e -> e.text().strip()).orElse(null),
                entry.child("fallback").map(ConfigFile.Entry::texts).orElse(List.of()),
                account.map(e -> e.text().strip()).orElse(null),
                entry.child("domains").map(ConfigFile.Entry::texts).orElse(List.of()),
                entry.child("epics").map(ConfigFile.Entry::texts).orElse(List.of()),
                account.map(ConfigFile.Entry::where).orElse(null));
    }
}
