package dev.wvo.notify;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code notify:} section of {@code config.yaml}: whom to tell when something needs a person.
 *
 * <pre>
 * notify:
 *   on: [needs-attention, all-limited, budget, merge-stuck, worker-died, run-finished]   # the default: all
 *   commands:
 *     - ./hooks/page-me.sh --urgent        # argv in shell quoting; the notification as JSON on stdin
 *   notifiers:
 *     desktop: {}                          # the bundled desktop plugin (notify-send)
 *     webhook: {url: $SLACK_WEBHOOK_URL}   # the bundled webhook plugin; the URL from a variable
 *   quiet: 15m                             # one condition (a task, an account...) notifies at most once in this long
 *   max_per_hour: 20                       # and no more than this many notifications an hour in all
 * </pre>
 *
 * @param on         the kinds to notify ({@link NoticeKind})
 * @param commands   each command's argv
 * @param notifiers  notifier plugins by name, each with its settings
 * @param quiet      how long the same condition stays quiet after it notified
 * @param maxPerHour the most notifications in any hour
 */
public record NotifySettings(Set<NoticeKind> on, List<List<String>> commands, Map<String, Map<String, String>> notifiers,
                             Duration quiet, int maxPerHour) {

    public static final Duration DEFAULT_QUIET = Duration.ofMinutes(15);
    public static final int DEFAULT_MAX_PER_HOUR = 20;

    public NotifySettings {
        on = Set.copyOf(on);
        commands = commands.stream().map(List::copyOf).toList();
        notifiers = Map.copyOf(notifiers);
    }
}
