package dev.wvo.spi;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a worker was started with, as partition policies see it.
 *
 * @param workerId          the worker's id ({@code worker1})
 * @param domains           preferred domains, in order; empty for no preference
 * @param epics             preferred epics, in order; empty for no preference
 * @param fallbackToOthers  whether to take work outside the preferred partition when it has none
 * @param settings          policy settings from configuration, by key
 */
public record WorkerOptions(String workerId, List<String> domains, List<String> epics, boolean fallbackToOthers,
                            Map<String, String> settings) {

    public WorkerOptions {
        Objects.requireNonNull(workerId, "workerId");
        domains = List.copyOf(domains);
        epics = List.copyOf(epics);
        settings = Map.copyOf(settings);
    }
}
