package dev.wvo.roadmap.sources;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One line of a beads export ({@code bd export}, {@code .beads/issues.jsonl}): the fields wvo
 * reads. Beads' priority is 0 (critical) to 4 (backlog), 2 when absent.
 */
record BeadsIssue(String id, String title, String description, String status, Integer priority,
                  @JsonProperty("issue_type") String issueType, List<String> labels,
                  @JsonProperty("acceptance_criteria") String acceptanceCriteria, List<Dependency> dependencies) {

    BeadsIssue {
        labels = labels == null ? List.of() : labels;
        dependencies = dependencies == null ? List.of() : dependencies;
    }

    /** An edge of the issue: {@code blocks} (it waits), {@code parent-child} (its epic), or one that does not order work. */
    record Dependency(@JsonProperty("issue_id") String issueId, @JsonProperty("depends_on_id") String dependsOnId,
                      String type) {
    }
}
