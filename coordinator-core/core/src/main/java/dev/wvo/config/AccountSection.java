package dev.wvo.config;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.Accounts;
import dev.wvo.accounts.Secrets;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code accounts:} section: a list of accounts, each with its backend, its name, the
 * environment that selects it, and optionally its order and backend settings.
 *
 * <pre>
 * accounts:
 *   - {name: work, backend: claude, env: {CLAUDE_CONFIG_DIR: ~/.claude-work}}
 *   - {name: personal, backend: claude, env: {CLAUDE_CONFIG_DIR: ~/.claude-personal}}
 *   - {name: team, backend: claude, env: {ANTHROPIC_API_KEY: $TEAM_ANTHROPIC_KEY}, order: 9}
 *   - {name: main, backend: codex, env: {CODEX_HOME: ~/.codex-main}, settings: {model: gpt-5.5}}
 * </pre>
 *
 * A variable whose name says it holds a secret ({@code *KEY*}, {@code *TOKEN*}, ...) must be given
 * as {@code $NAME}, the variable of the worker's environment that holds it: a secret is never
 * written in config.yaml, which users keep in git.
 */
final class AccountSection {

    private AccountSection() {
    }

    static Accounts read(ConfigFile config) {
        var section = config.root().child("accounts");
        if (section.isEmpty()) {
            return Accounts.NONE;
        }
        if (!section.get().isList()) {
            throw section.get().problem("must be a list of accounts (- {name: work, backend: claude, env: {...}})");
        }
        List<Account> accounts = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        List<ConfigFile.Entry> items = section.get().items();
        for (int i = 0; i < items.size(); i++) {
            ConfigFile.Entry item = items.get(i);
            if (!item.isMapping()) {
                throw item.problem("must be a mapping: {name: work, backend: claude, env: {CLAUDE_CONFIG_DIR: ...}}");
            }
            item.onlyKeys("name", "backend", "env", "settings", "order");
            ConfigFile.Entry nameEntry = item.child("name").orElseThrow(() -> item.problem("needs a `name` (work, "
                    + "personal, ...): the account is `--agent BACKEND:NAME`"));
            String name = nameEntry.text().strip();
            if (!Account.NAME.matcher(name).matches()) {
                throw nameEntry.problem("is '" + name + "'; a name is letters, digits, '.', '_' and '-'");
            }
            String backend = item.child("backend").orElseThrow(() -> item.problem("needs a `backend` (claude, codex, "
                    + "...)")).text().strip();
            String id = backend + Account.SEPARATOR + name;
            String first = seen.putIfAbsent(id, nameEntry.where());
            if (first != null) {
                throw nameEntry.problem("names " + id + " a second time (first at " + first + "); rename one of them");
            }
            Map<String, String> env = new LinkedHashMap<>();
            item.child("env").ifPresent(e -> e.children().forEach((variable, value) -> {
                String text = value.text().strip();
                if (Secrets.isSecretName(variable) && !text.startsWith("$")) {
                    throw value.problem("holds a secret written in the file; write `" + variable + ": $NAME` and set "
                            + "the variable NAME where the worker runs (config.yaml is kept in git)");
                }
                env.put(variable, BackendSettings.expandHome(text));
            }));
            Map<String, String> settings = new LinkedHashMap<>();
            item.child("settings").ifPresent(s -> s.children().forEach((key, value) -> settings.put(key,
                    BackendSettings.valueOf(value))));
            int order = item.child("order").map(o -> o.integer(0)).orElse(i + 1);
            accounts.add(new Account(backend, name, env, settings, order));
        }
        return new Accounts(accounts);
    }
}
