package dev.wvo.doctor;

import dev.wvo.fs.StateDir;
import dev.wvo.reactions.NeedsAttention;
import dev.wvo.roadmap.Roadmap;
import dev.wvo.roadmap.RoadmapBoardStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Tasks wvo blocked for a person (a reaction's cap was hit, the merge queue escalated, a pipeline
 * cannot run): nothing runs them again until someone looks, so each is a warning with what to do.
 */
public final class AttentionCheck {

    static final String AREA = "tasks";

    private final Path stateDirectory;

    public AttentionCheck(Path stateDirectory) {
        this.stateDirectory = stateDirectory;
    }

    public List<Finding> run(Optional<Roadmap> roadmap) {
        List<NeedsAttention> blocked = roadmap.map(r -> NeedsAttention.in(RoadmapBoardStore.statesOf(r))).orElse(List.of());
        if (blocked.isEmpty()) {
            return List.of(Finding.ok(AREA, "needs attention", "no task is blocked waiting for a person"));
        }
        return blocked.stream().map(t -> Finding.warn(AREA, "needs attention " + t.id(), t.id() + " (" + t.title()
                + ") is blocked: " + t.reason() + (t.counts().isEmpty() ? "" : "; reactions " + t.counts()),
                "look at " + new StateDir(stateDirectory).taskArtifacts(t.id()) + " (prompt.txt, output.log, "
                        + "feedback.txt of each attempt) and `wvo task show " + t.id() + "`; fix what stopped it, then "
                        + "`wvo task reset " + t.id() + "`")).toList();
    }
}
