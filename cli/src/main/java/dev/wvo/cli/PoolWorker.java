package dev.wvo.cli;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.Accounts;
import dev.wvo.config.PoolSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker of the pool as {@code wvo up} starts it: its id and the options of {@code wvo worker}
 * it gets, the options typed on {@code up}'s line first, then what its {@code pool:} entry says
 * of the options not typed. An entry's {@code account} is an account of {@code accounts:} when one
 * of the worker's agent has that name ({@code --agent claude:work}), else a profile; when it is
 * neither, the worker has a {@code problem} naming where config.yaml says so.
 *
 * @param problem what keeps this worker from starting (file:line:column, what to do), or null
 */
record PoolWorker(String id, List<String> arguments, String problem) {

    static PoolWorker of(PoolSettings.Member member, List<String> typed, Accounts accounts, List<String> profiles) {
        List<String> args = new ArrayList<>(typed);
        boolean pinned = false;
        if (!typed.contains("--agent")) {
            if (member.agent() == null) {
                throw new CommandFailure(ExitCodes.USAGE, "worker " + member.id() + " of the pool has no agent: give "
                        + "--agent NAME, or pool.agent (or its pool.workers entry's agent) in config.yaml");
            }
            String pinnedId = member.agent() + Account.SEPARATOR + member.account();
            pinned = member.account() != null && accounts.all().stream().anyMatch(a -> a.id().equals(pinnedId));
            args.addAll(List.of("--agent", pinned ? pinnedId : member.agent()));
        }
        if (!typed.contains("--fallback") && !member.fallback().isEmpty()) {
            args.addAll(List.of("--fallback", String.join(",", member.fallback())));
        }
        String problem = null;
        if (!pinned && !typed.contains("--profile") && member.account() != null) {
            if (profiles.contains(member.account())) {
                args.addAll(List.of("--profile", member.account()));
            } else {
                problem = member.accountAt() + ": worker " + member.id() + "'s account '" + member.account()
                        + "' is neither an account of its agent under `accounts:` nor a profile under `profiles:`; "
                        + "define it under `accounts:` (name: " + member.account() + ", backend: "
                        + (member.agent() == null ? "BACKEND" : Account.backendOf(member.agent())) + ") or `profiles:`, "
                        + "or leave the account out";
            }
        }
        if (!typed.contains("--domains") && !member.domains().isEmpty()) {
            args.addAll(List.of("--domains", String.join(",", member.domains())));
        }
        if (!typed.contains("--epics") && !member.epics().isEmpty()) {
            args.addAll(List.of("--epics", String.join(",", member.epics())));
        }
        return new PoolWorker(member.id(), List.copyOf(args), problem);
    }
}
