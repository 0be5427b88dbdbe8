package dev.wvo.accounts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The accounts of {@code config.yaml}, and how a worker's {@code --agent} and {@code --fallback}
 * become the accounts it uses, in order: {@code claude} is every account of claude by its order
 * (or claude's default account when it has none), {@code claude:work} that one account only. A
 * worker tries the accounts of its chain in that order, so a limited account hands over to the
 * next account of the same backend before the next backend.
 */
public final class Accounts {

    /** No accounts configured: every backend has its default account only. */
    public static final Accounts NONE = new Accounts(List.of());

    private final List<Account> configured;

    /** @param configured the accounts of config.yaml, in file order */
    public Accounts(List<Account> configured) {
        List<Account> sorted = new ArrayList<>(configured);
        sorted.sort(Comparator.comparingInt(Account::order)); // stable: file order among equal orders
        this.configured = List.copyOf(sorted);
    }

    /** Every configured account, by backend order then file order. */
    public List<Account> all() {
        return configured;
    }

    /** The accounts of a backend in order; its default account alone when none is configured. */
    public List<Account> of(String backend) {
        List<Account> mine = configured.stream().filter(a -> a.backend().equals(backend)).toList();
        return mine.isEmpty() ? List.of(Account.defaultOf(backend)) : mine;
    }

    /** The account with this id ({@code claude:work}, or {@code claude} for a default account), if there is one. */
    public Optional<Account> byId(String id) {
        String backend = Account.backendOf(id);
        return of(backend).stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /**
     * The accounts of a worker's chain, in the order it tries them; an account named twice counts once.
     *
     * @param agents {@code --agent} then each {@code --fallback}: backends ({@code claude}) or
     *               accounts ({@code claude:work})
     * @throws IllegalArgumentException naming an account config.yaml does not define, and those it does
     */
    public List<Account> chain(List<String> agents) {
        Map<String, Account> chain = new LinkedHashMap<>();
        for (String agent : agents) {
            if (!agent.contains(Account.SEPARATOR)) {
                of(agent).forEach(a -> chain.putIfAbsent(a.id(), a));
                continue;
            }
            Account pinned = byId(agent).orElseThrow(() -> new IllegalArgumentException("No account '" + agent
                    + "' in config.yaml: " + describe(Account.backendOf(agent)) + "; add it under `accounts:` or "
                    + "name the backend alone"));
            chain.putIfAbsent(pinned.id(), pinned);
        }
        return List.copyOf(chain.values());
    }

    private String describe(String backend) {
        List<String> ids = configured.stream().filter(a -> a.backend().equals(backend)).map(Account::id).toList();
        return ids.isEmpty() ? "it defines no account of " + backend : "the accounts of " + backend + " are "
                + String.join(", ", ids);
    }
}
