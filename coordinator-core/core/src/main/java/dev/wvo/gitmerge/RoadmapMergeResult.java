package dev.wvo.gitmerge;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a roadmap merge.
 *
 * @param text      the merged file; it always loads, conflicts included
 * @param conflicts what this merge could not settle (also written under {@code conflicts:} in
 *                  {@code text}, together with conflicts either side already had)
 */
public record RoadmapMergeResult(String text, List<RoadmapConflict> conflicts) {

    public RoadmapMergeResult {
        Objects.requireNonNull(text, "text");
        conflicts = List.copyOf(conflicts);
    }

    public boolean clean() {
        return conflicts.isEmpty();
    }
}
