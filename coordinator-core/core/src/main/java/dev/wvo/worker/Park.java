package dev.wvo.worker;

import dev.wvo.accounts.Account;
import dev.wvo.accounts.ClockTime;
import dev.wvo.accounts.RateLimitBoard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A worker parked because every account of its chain is limited: until when the first limit
 * lifts, which account that is, and when the worker wakes, a little after the reset (at most a
 * tenth of the wait, and at most the configured jitter) so that a pool of workers parked on the
 * same reset does not return to the service in the same second.
 *
 * @param lifts   when the first limit of the chain lifts
 * @param first   that limit, or null when the board names none (the worker then only waits its idle wait)
 * @param wakeAt  when the worker looks again
 * @param limited the limits of the board when it parked, by account: one that lifts before its
 *                time was lifted by a person, and the worker goes at once
 */
record Park(Instant lifts, RateLimitBoard.Limit first, Instant wakeAt, Map<String, Instant> limited) {

    static Park until(Instant lifts, RateLimitBoard.Limit first, List<RateLimitBoard.Limit> active, Instant now,
                      Duration maxJitter) {
        long waitMillis = Math.max(0, Duration.between(now, lifts).toMillis());
        long bound = Math.min(maxJitter.toMillis(), waitMillis / 10);
        long jitter = bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
        Map<String, Instant> limited = active.stream().collect(Collectors.toMap(RateLimitBoard.Limit::account,
                RateLimitBoard.Limit::until, (a, b) -> a));
        return new Park(lifts, first, lifts.plusMillis(jitter), Map.copyOf(limited));
    }

    /** "parked until 14:05 (claude:work resets first)". */
    String describe() {
        return "parked until " + ClockTime.of(lifts) + (first == null ? "" : " (" + first.account() + " resets first)");
    }

    /**
     * Whether the worker keeps waiting although {@code usable} is usable now: its limit ended at
     * its time and the worker's jitter has not run out yet. A limit a person lifted early does not
     * hold it back.
     */
    boolean holdsBack(Account usable, Instant now) {
        Instant until = limited.get(usable.id());
        return until != null && !until.isAfter(now) && now.isBefore(wakeAt);
    }
}
