package dev.wvo.conflict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /**
     * The conflict as JSON-compatible values, for {@code wvo conflicts --json} and for the details
     * of a {@code conflict} event: path, attempts, suggestion (lower case, {@code -} for
     * {@code _}), chosen, resolvedBytes, regions (each with left, right, base, leftLines,
     * rightLines as {@code [first, count]}), detail. Absent values are left out.
     */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", path);
        map.put("attempts", attempts.stream().map(AttemptId::toString).toList());
        map.put("suggestion", suggestion.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (chosen != null) {
            map.put("chosen", chosen.toString());
        }
        if (resolved != null) {
            map.put("resolvedBytes", resolved.length);
        }
        if (!regions.isEmpty()) {
            map.put("regions", regions.stream().map(ArtifactConflict::regionMap).toList());
        }
        map.put("detail", detail);
        return map;
    }

    private static Map<String, Object> regionMap(ConflictRegion region) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("left", region.left().toString());
        map.put("right", region.right().toString());
        if (region.base() != null) {
            map.put("base", List.of(region.base().first(), region.base().count()));
        }
        map.put("leftLines", List.of(region.leftLines().first(), region.leftLines().count()));
        map.put("rightLines", List.of(region.rightLines().first(), region.rightLines().count()));
        return map;
    }

    /** True if a person (or a blocked task) must deal with this path. */
    public boolean needsEscalation() {
        return suggestion == Resolution.ESCALATE;
    }
}
