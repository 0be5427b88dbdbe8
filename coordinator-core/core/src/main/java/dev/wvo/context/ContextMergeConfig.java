package dev.wvo.context;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What the merger treats as an update log and how much of it it keeps.
 *
 * @param logSections headings of update-log sections, matched ignoring case and surrounding spaces
 * @param maxEntries  how many timestamped entries an update-log section keeps, newest first
 */
public record ContextMergeConfig(Set<String> logSections, int maxEntries) {

    /** The update-log sections agents are known to write. */
    public static final Set<String> DEFAULT_LOG_SECTIONS =
            Set.of("Recent Updates", "Recent Activity", "Latest Update");

    public static final int DEFAULT_MAX_ENTRIES = 50;

    public ContextMergeConfig {
        if (maxEntries < 1) {
            throw new IllegalArgumentException(
                    "maxEntries must be at least 1 (was " + maxEntries + "); the default is " + DEFAULT_MAX_ENTRIES);
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (String name : logSections) {
            normalized.add(normalize(name));
        }
        logSections = Set.copyOf(normalized);
    }

    /** The default log sections and a cap of {@value #DEFAULT_MAX_ENTRIES} entries. */
    public static ContextMergeConfig defaults() {
        return new ContextMergeConfig(DEFAULT_LOG_SECTIONS, DEFAULT_MAX_ENTRIES);
    }

    /** This configuration with more update-log section names (for example from the config file). */
    public ContextMergeConfig withLogSections(Collection<String> extra) {
        Set<String> all = new LinkedHashSet<>(logSections);
        all.addAll(extra);
        return new ContextMergeConfig(all, maxEntries);
    }

    public ContextMergeConfig withMaxEntries(int max) {
        return new ContextMergeConfig(logSections, max);
    }

    public boolean isLogSection(String heading) {
        return logSections.contains(normalize(heading));
    }

    private static String normalize(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT);
    }
}
