package dev.wvo.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One notification, secrets already masked.
 *
 * @param kind  what it is about: {@code needs-attention}, {@code all-limited}, {@code budget},
 *              {@code merge-stuck}, {@code worker-died} or {@code run-finished}
 * @param title one short line ({@code wvo: T3 needs a person})
 * @param text  a few lines: what happened and what to do
 * @param time  when it happened
 * @param json  the whole notification as JSON, the event that caused it included, as commands get
 *              it on standard input
 */
public record Notification(String kind, String title, String text, Instant time, String json) {

    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(json, "json");
    }
}
