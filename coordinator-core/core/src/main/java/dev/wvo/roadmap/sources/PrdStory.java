package dev.wvo.roadmap.sources;

import java.util.List;

/**
 * One user story of ralph-tui's {@code prd.json}: the fields wvo reads. {@code passes} is required
 * (ralph-tui refuses a file without it); {@code priority} is 1 for the most urgent.
 */
record PrdStory(String id, String title, String description, List<String> acceptanceCriteria, Integer priority,
                Boolean passes, List<String> labels, List<String> dependsOn) {

    PrdStory {
        acceptanceCriteria = acceptanceCriteria == null ? List.of() : acceptanceCriteria;
        labels = labels == null ? List.of() : labels;
        dependsOn = dependsOn == null ? List.of() : dependsOn;
    }
}
