package dev.wvo.conflict;

import java.util.List;
import java.util.Objects;

/**
 * One path that more than one attempt touched, and what to do about it.
 *
 * @param path       the path, relative to the repository root
 * @param attempts   every attempt that touched it, in the order they were given
 * @param suggestion the suggested resolution
 * @param chosen     for {@link Resolution#TAKE_SUPERSET}, the attempt whose version to take; else null
 * @param resolved   the content to write for {@code TAKE_SUPERSET}, {@code THREE_WAY_MERGE} and
 *                   {@code UNION}; null for {@code NONE_NEEDED} and {@code ESCALATE} (not copied)
 * @param regions    for {@code ESCALATE}, where the versions clash, pair by pair; else empty
 * @param detail     one sentence for a person: why this suggestion
 */
public record ArtifactConflict(String path, List<AttemptId> attempts, Resolution suggestion, AttemptId chosen,
                               byte[] resolved, List<ConflictRegion> regions, String detail) {

    public ArtifactConflict {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(suggestion, "suggestion");
        Objects.requireNonNull(detail, "detail");
        attempts = List.copyOf(attempts);
        regions = List.copyOf(regions);
    }

    /** True if a person (or a blocked task) must deal with this path. */
    public boolean needsEscalation() {
        return suggestion == Resolution.ESCALATE;
    }
}
