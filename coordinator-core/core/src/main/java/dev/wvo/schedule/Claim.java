package dev.wvo.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's claim on a task: the task is in progress for that worker, in that attempt.
 *
 * @param worker    the worker id
 * @param claimedAt when the claim was made
 * @param attempt   which attempt of the task this is, from 1
 */
public record Claim(String worker, Instant claimedAt, int attempt) {

    public Claim {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }
}
