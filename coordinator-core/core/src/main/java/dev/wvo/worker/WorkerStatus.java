package dev.wvo.worker;

import java.util.Locale;

/** What a worker is doing, as shown by {@code wvo status} and the shell. */
public enum WorkerStatus {
    IDLE, WORKING,
    /** Every account of its chain is limited: it waits for the first reset, using no CPU. */
    PARKED,
    PAUSED, STOPPING;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static WorkerStatus fromLabel(String label) {
        if (label.equals("rate-limited")) {
            return PARKED; // what a worker of an earlier wvo wrote while it waited
        }
        return valueOf(label.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
