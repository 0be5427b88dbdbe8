package dev.wvo.cli;

import dev.wvo.config.PoolSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * One worker of the pool as {@code wvo up} starts it: its id and the options of {@code wvo worker}
 * it gets, the options typed on {@code up}'s line first, then what its {@code pool:} entry says
 * of the options not typed.
 */
record PoolWorker(String id, List<String> arguments) {

    static PoolWorker of(PoolSettings.Member member, List<String> typed) {
        List<String> args = new ArrayList<>(typed);
        if (!typed.contains("--agent")) {
            if (member.agent() == null) {
                throw new CommandFailure(ExitCodes.USAGE, "worker " + member.id() + " of the pool has no agent: give "
                        + "--agent NAME, or pool.agent (or its pool.workers entry's agent) in config.yaml");
            }
            args.addAll(List.of("--agent", member.agent()));
        }
        if (!typed.contains("--fallback") && !member.fallback().isEmpty()) {
            args.addAll(List.of("--fallback", String.join(",", member.fallback())));
        }
        if (!typed.contains("--profile") && member.account() != null) {
            args.addAll(List.of("--profile", member.account()));
        }
        if (!typed.contains("--domains") && !member.domains().isEmpty()) {
            args.addAll(List.of("--domains", String.join(",", member.domains())));
        }
        if (!typed.contains("--epics") && !member.epics().isEmpty()) {
            args.addAll(List.of("--epics", String.join(",", member.epics())));
        }
        return new PoolWorker(member.id(), List.copyOf(args));
    }
}
