package dev.wvo.schedule;

import java.time.Instant;
import java.util.Objects;

/**
 * A worker's claim on a task: the task is in progress for that worker, in that attempt.
 *
 * @param worker    the worker id
 * @param claimedAt when the claim was made
 * @param attempt   which attempt of the task this is, from 1
 * @param presence  the fencing token of the worker's presence lock when it claimed, which tells
 *                  this worker apart from a later one started under the same id; 0 when unknown
 *                  (a claim written by hand, or by a wvo that did not record it)
 */
public record Claim(String worker, Instant claimedAt, int attempt, long presence) {

    /** The token of a claim that does not say which holder of its worker id made it. */
    public static final long UNKNOWN_PRESENCE = 0;

    public Claim {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }

    /** True if this claim and {@code other} were made by the same holder of one worker id, as far as both say. */
    boolean sameHolder(Claim other) {
        return worker.equals(other.worker) && (presence == UNKNOWN_PRESENCE || other.presence == UNKNOWN_PRESENCE
                || presence == other.presence);
    }
}
