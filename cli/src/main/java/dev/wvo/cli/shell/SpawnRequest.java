package dev.wvo.cli.shell;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The options of one {@code spawn} in the shell: the subset of {@code wvo worker}'s options that
 * choose what a worker runs, passed on to it unchanged.
 *
 * @param agent     the agent backend ({@code --agent})
 * @param fallbacks backends to use while the ones before are rate-limited ({@code --fallback})
 * @param domains   preferred domains ({@code --domains})
 * @param epics     preferred epics ({@code --epics})
 * @param policy    the partition policy, or null for the worker's default ({@code --policy})
 * @param profile   a profile of config.yaml, or null ({@code --profile})
 * @param workdir   where agents run, or null for the shell's directory ({@code --workdir})
 * @param sets      backend settings {@code BACKEND.KEY=VALUE} ({@code --set}, repeatable)
 * @param worktree  {@code off}, {@code always} or {@code on-conflict}, or null for config.yaml's ({@code --worktree})
 * @param repo      the repository for worktrees, or null ({@code --repo})
 */
public record SpawnRequest(String agent, List<String> fallbacks, List<String> domains, List<String> epics,
                           String policy, String profile, String workdir, List<String> sets, String worktree,
                           String repo) {

    /** How the command is typed. */
    public static final String USAGE = "spawn [--agent A] [--fallback B,...] [--domains D,...] [--epics E,...] "
            + "[--policy P] [--profile NAME] [--workdir DIR] [--worktree MODE] [--repo DIR] [--set BACKEND.KEY=VALUE]...";
    /** The options spawn takes, for completion. */
    public static final List<String> OPTIONS = List.of("--agent", "--fallback", "--domains", "--epics", "--policy",
            "--profile", "--workdir", "--worktree", "--repo", "--set");

    public SpawnRequest {
        fallbacks = List.copyOf(fallbacks);
        domains = List.copyOf(domains);
        epics = List.copyOf(epics);
        sets = List.copyOf(sets);
    }

    /**
     * Reads the words after {@code spawn}. Options take their value as the next word or after
     * {@code =}; lists are comma-separated. Without {@code --agent} the agent of {@code last}
     * is used, so that a second spawn needs no options.
     *
     * @param last the previous spawn of this shell, or null
     * @throws IllegalArgumentException with a message for the user if the words are not options
     *                                  of spawn or no agent is known
     */
    public static SpawnRequest parse(List<String> words, SpawnRequest last) {
        String agent = null;
        String policy = null;
        String profile = null;
        String workdir = null;
        String worktree = null;
        String repo = null;
        List<String> fallbacks = new ArrayList<>();
        List<String> domains = new ArrayList<>();
        List<String> epics = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            int eq = word.indexOf('=');
            String name = eq > 0 && word.startsWith("--") ? word.substring(0, eq) : word;
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("spawn does not take '" + word + "'");
            }
            String value;
            if (eq > 0 && word.startsWith("--")) {
                value = word.substring(eq + 1);
            } else if (i + 1 < words.size()) {
                value = words.get(++i);
            } else {
                throw new IllegalArgumentException(name + " needs a value");
            }
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            switch (name) {
                case "--agent" -> agent = value;
                case "--fallback" -> fallbacks.addAll(list(value));
                case "--domains" -> domains.addAll(list(value));
                case "--epics" -> epics.addAll(list(value));
                case "--policy" -> policy = value;
                case "--profile" -> profile = value;
                case "--workdir" -> workdir = value;
                case "--worktree" -> worktree = value;
                case "--repo" -> repo = value;
                default -> sets.add(value);
            }
        }
        if (agent == null && last == null) {
            throw new IllegalArgumentException("the first spawn needs --agent NAME (shell, claude, codex, ...; "
                    + "see wvo plugins list); later ones default to the last spawn's options");
        }
        if (words.isEmpty()) {
            return last;
        }
        return new SpawnRequest(agent != null ? agent : last.agent(), fallbacks, domains, epics, policy, profile,
                workdir, sets, worktree, repo);
    }

    /** The options for {@code wvo worker}, in the order they were declared. */
    public List<String> workerArguments() {
        List<String> args = new ArrayList<>(List.of("--agent", agent));
        if (!fallbacks.isEmpty()) {
            args.addAll(List.of("--fallback", String.join(",", fallbacks)));
        }
        if (!domains.isEmpty()) {
            args.addAll(List.of("--domains", String.join(",", domains)));
        }
        if (!epics.isEmpty()) {
            args.addAll(List.of("--epics", String.join(",", epics)));
        }
        if (policy != null) {
            args.addAll(List.of("--policy", policy));
        }
        if (profile != null) {
            args.addAll(List.of("--profile", profile));
        }
        if (workdir != null) {
            args.addAll(List.of("--workdir", workdir));
        }
        if (worktree != null) {
            args.addAll(List.of("--worktree", worktree));
        }
        if (repo != null) {
            args.addAll(List.of("--repo", repo));
        }
        sets.forEach(s -> args.addAll(List.of("--set", s)));
        return args;
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
