package dev.wvo.spi;

import org.pf4j.ExtensionPoint;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Tells a person that something needs them: a desktop notification, a chat message through a
 * webhook, a page. wvo decides what to tell and when (once per event, within a rate cap) and
 * masks secrets; a notifier only delivers.
 *
 * <p>Configured under {@code notify.notifiers} in {@code config.yaml} by its {@link #name()},
 * with its settings: {@code notifiers: {webhook: {url: $SLACK_WEBHOOK_URL}}}. A setting written
 * {@code $NAME} arrives as the value of the worker's variable {@code NAME}.
 */
public interface Notifier extends ExtensionPoint {

    /** The name users configure it by ({@code desktop}, {@code webhook}). */
    String name();

    /**
     * Delivers one notification. Called from a thread of wvo's own, one notification at a time;
     * it may block for a few seconds at most.
     *
     * @param settings its settings from config.yaml, {@code $NAME} values resolved
     * @throws IOException saying why it could not be delivered and what to do (a tool missing, an
     *                     endpoint refusing); wvo reports it once and goes on
     */
    void send(Notification notification, Map<String, String> settings) throws IOException;

    /**
     * The problems of its settings as {@code config.yaml} gives them, found when the file is
     * checked (by {@code status}, {@code doctor} and a worker before it claims anything): unknown
     * keys, values of the wrong kind. A {@code $NAME} whose variable is not set where the check
     * runs arrives as written; a notifier leaves such a value to {@link #send}.
     *
     * @return none when the settings are fine (the default)
     */
    default List<SettingProblem> validate(Map<String, String> settings) {
        return List.of();
    }
}
