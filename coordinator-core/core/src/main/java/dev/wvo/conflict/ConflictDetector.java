package dev.wvo.conflict;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds every path that more than one of a set of concurrent attempts produced or changed, and
 * suggests per path how to reconcile them. The caller decides which attempts count as
 * concurrent (typically those started from the same base and not yet merged); all attempts
 * given are compared with each other.
 *
 * <p>Per path, in this order (the first that applies wins):
 * <ol>
 *   <li>all versions identical, or all attempts deleted the file: {@link Resolution#NONE_NEEDED};</li>
 *   <li>some deleted it and some changed it, or a differing version is binary: {@link Resolution#ESCALATE};</li>
 *   <li>one version contains every other (see {@code docs/state-format.md}: the others' lines are
 *       a subsequence of it and, with a known base, it drops every base line they drop):
 *       {@link Resolution#TAKE_SUPERSET}, whichever attempt it is;</li>
 *   <li>a common base is known and the changes merge without overlap (JGit's three-way merge,
 *       folded over all versions): {@link Resolution#THREE_WAY_MERGE};</li>
 *   <li>a test file ({@link TestPaths}) with an existing base whose only clashes are insertions
 *       at the same place: {@link Resolution#UNION};</li>
 *   <li>otherwise {@link Resolution#ESCALATE}, with the clashing line ranges pair by pair.</li>
 * </ol>
 * The base of a path is the one the attempts gave if they all gave the same; if none gave one,
 * the {@link BaseLookup}'s; if they gave different ones, none (they did not start together).
 */
public final class ConflictDetector {

    private final BaseLookup bases;

    /** A detector that knows bases only from the attempts' own {@link ChangedFile#base()}. */
    public ConflictDetector() {
        this(BaseLookup.NONE);
    }

    /** A detector that asks {@code bases} for a path's base when the attempts did not give one. */
    public ConflictDetector(BaseLookup bases) {
        this.bases = Objects.requireNonNull(bases, "bases");
    }

    /**
     * Every path touched by more than one of {@code attempts}, sorted by path; paths touched by
     * one attempt only are not reported.
     *
     * @throws IllegalArgumentException if an attempt is listed twice
     * @throws IOException              if the base lookup fails
     */
    public List<ArtifactConflict> detect(List<AttemptArtifacts> attempts) throws IOException {
        Objects.requireNonNull(attempts, "attempts");
        Set<AttemptId> seen = new HashSet<>();
        Map<String, List<PathResolver.Touch>> byPath = new TreeMap<>();
        for (AttemptArtifacts artifacts : attempts) {
            if (!seen.add(artifacts.attempt())) {
                throw new IllegalArgumentException("Attempt " + artifacts.attempt() + " is listed twice");
            }
            for (ChangedFile file : artifacts.files()) {
                byPath.computeIfAbsent(file.path(), p -> new ArrayList<>())
                        .add(new PathResolver.Touch(artifacts.attempt(), file));
            }
        }
        List<ArtifactConflict> conflicts = new ArrayList<>();
        for (Map.Entry<String, List<PathResolver.Touch>> entry : byPath.entrySet()) {
            if (entry.getValue().size() > 1) {
                conflicts.add(new PathResolver(entry.getKey(), entry.getValue(), bases).resolve());
            }
        }
        return conflicts;
    }
}
