package dev.wvo.accounts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One login of an agent backend: which backend, what the account is called, and the environment
 * that selects it ({@code CLAUDE_CONFIG_DIR}, {@code CODEX_HOME}, or an API key taken from a
 * variable of the worker's environment, never written in the file). Accounts come from the
 * {@code accounts:} section of {@code config.yaml}; a backend without accounts there has one, its
 * default account, named like the backend and selecting nothing.
 *
 * <p>An account is known everywhere by its id, {@code BACKEND:NAME} ({@code claude:work}), or the
 * bare backend name for a default account: the rate-limit board, the cost ledger, {@code wvo
 * limits} and {@code --agent claude:work} all use it.
 *
 * @param backend     the backend that runs it ({@code claude}, {@code codex})
 * @param name        the account's name, or null for the backend's default account
 * @param environment variables to give the agent, values as written: a path, or {@code $NAME} for
 *                    the value of the worker's variable {@code NAME}
 * @param settings    backend settings of this account, over the backend's and the profile's
 * @param order       where it stands among its backend's accounts, lowest first
 */
public record Account(String backend, String name, Map<String, String> environment, Map<String, String> settings,
                      int order) {

    /** Between the backend and the account's name in an id: {@code claude:work}. */
    public static final String SEPARATOR = ":";
    /** What an account's name may be made of. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    public Account {
        Objects.requireNonNull(backend, "backend");
        environment = Map.copyOf(environment);
        settings = Map.copyOf(settings);
    }

    /** The default account of a backend: the login its CLI finds by itself. */
    public static Account defaultOf(String backend) {
        return new Account(backend, null, Map.of(), Map.of(), 0);
    }

    /** {@code BACKEND:NAME}, or the backend's name for its default account. */
    public String id() {
        return name == null ? backend : backend + SEPARATOR + name;
    }

    /** The backend part of an account id ({@code claude} of {@code claude:work}). */
    public static String backendOf(String accountId) {
        int at = accountId.indexOf(SEPARATOR);
        return at < 0 ? accountId : accountId.substring(0, at);
    }

    /**
     * The variables to give the agent, each {@code $NAME} replaced by the value of {@code NAME} in
     * {@code workerEnvironment}.
     *
     * @throws IllegalStateException naming the account and the variable when a referenced variable is not set
     */
    public Map<String, String> resolvedEnvironment(Map<String, String> workerEnvironment) {
        Map<String, String> out = new LinkedHashMap<>();
        environment.forEach((variable, value) -> out.put(variable, Secrets.resolve(value, workerEnvironment,
                "account " + id() + "'s " + variable, "leave the account out")));
        return out;
    }
}
