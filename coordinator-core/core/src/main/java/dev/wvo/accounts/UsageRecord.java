package dev.wvo.accounts;

import dev.wvo.spi.Usage;

import java.time.Instant;
import java.util.Objects;

/**
 * What one agent run used, as the cost ledger keeps it: the run of one hop of one attempt of a
 * task (an attempt whose backend hit a limit hops to the next backend of the chain; each hop is a
 * run of its own).
 *
 * @param time    when the run ended
 * @param worker  the worker that ran it
 * @param task    the task
 * @param attempt the task's attempt
 * @param hop     which hop of the attempt, from 1
 * @param backend the backend that ran it ({@code claude}, {@code codex})
 * @param account the account it ran on ({@code claude:work}; the backend's name for its default account)
 * @param profile the configuration profile the worker ran with, or null
 * @param outcome how the run ended ({@code success}, {@code rate_limited}, ...)
 * @param usage   tokens and cost as the CLI reported them
 */
public record UsageRecord(Instant time, String worker, String task, int attempt, int hop, String backend, String account,
                          String profile, String outcome, Usage usage) {

    public UsageRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(backend, "backend");
        account = account == null ? backend : account;
        Objects.requireNonNull(usage, "usage");
    }
}
