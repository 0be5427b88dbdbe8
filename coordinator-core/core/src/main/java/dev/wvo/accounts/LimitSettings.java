package dev.wvo.accounts;

import java.time.Duration;

/**
 * How limits are marked and waited out, from the {@code limits:} section of {@code config.yaml}.
 *
 * <pre>
 * limits:
 *   cool_down: 15m       # how long an account counts as limited when its CLI named no time
 *   min_cool_down: 1m    # the shortest a limit is marked for
 *   wake_jitter: 30s     # a parked worker wakes up to this much after the reset (at most a tenth of its wait)
 * </pre>
 *
 * @param coolDown    how long an account is limited when the agent did not say when the limit lifts
 * @param minCoolDown the shortest a limit is marked for: a {@code retry-after} of two seconds would
 *                    only send every worker back into the same limit
 * @param wakeJitter  the most a parked worker waits past the reset, so that a pool does not
 *                    stampede the service at the same second
 */
public record LimitSettings(Duration coolDown, Duration minCoolDown, Duration wakeJitter) {

    public static final LimitSettings DEFAULTS = new LimitSettings(Duration.ofMinutes(15), Duration.ofMinutes(1),
            Duration.ofSeconds(30));
}
