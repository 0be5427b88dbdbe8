package dev.wvo.worker;

import java.util.Locale;

/** What a worker is doing, as shown by {@code wvo status} and the shell. */
public enum WorkerStatus {
    IDLE, WORKING, RATE_LIMITED, PAUSED, STOPPING;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static WorkerStatus fromLabel(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
