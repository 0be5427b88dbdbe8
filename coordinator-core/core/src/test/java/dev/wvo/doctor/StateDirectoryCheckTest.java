package dev.wvo.doctor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StateDirectoryCheckTest {

    @TempDir
    Path state;

    static void goodState(Path state) throws IOException {
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    title: first
                    status: pending
                  - id: b
                    title: second
                    status: done
                """);
        Files.writeString(state.resolve("context.md"), "# Context\n");
        Files.writeString(state.resolve("events.jsonl"), "");
    }

    static Finding only(List<Finding> findings, String check) {
        List<Finding> matching = findings.stream().filter(f -> f.check().equals(check)).toList();
        assertThat(matching).as("findings named %s in %s", check, findings).hasSize(1);
        return matching.get(0);
    }

    @Test
    void goodStateDirectory_isOkThroughout() throws IOException {
        goodState(state);
        StateDirectoryCheck check = new StateDirectoryCheck(state);
        List<Finding> findings = check.run();
        assertThat(findings).extracting(Finding::status).containsOnly(Verdict.OK);
        assertThat(findings).extracting(Finding::check)
                .contains("directory", "locks/ permissions", "free space", "roadmap", "context.md", "events.jsonl");
        assertThat(only(findings, "roadmap").detail()).contains("2 task(s), 0 warning(s)");
        assertThat(check.roadmap()).isPresent();
    }

    @Test
    void missingDirectory_failsAndStopsThere() {
        StateDirectoryCheck check = new StateDirectoryCheck(state.resolve("nope"));
        List<Finding> findings = check.run();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Verdict.FAIL);
            assertThat(f.fix()).contains("--state");
        });
        assertThat(check.usable()).isFalse();
    }

    @Test
    void brokenRoadmap_failsWithPathLineAndColumn() throws IOException {
        goodState(state);
        Files.writeString(state.resolve("roadmap.yaml"), "version: 2\ntasks:\n  - id: a\n    title: [unclosed\n");
        StateDirectoryCheck check = new StateDirectoryCheck(state);
        Finding roadmap = only(check.run(), "roadmap");
        assertThat(roadmap.status()).isEqualTo(Verdict.FAIL);
        assertThat(roadmap.detail()).containsPattern("roadmap\\.yaml:\\d+:\\d+: ");
        assertThat(roadmap.fix()).contains("at line");
        assertThat(check.roadmap()).isEmpty();
    }

    @Test
    void roadmapWarnings_areReportedWithTheirLines() throws IOException {
        goodState(state);
        Files.writeString(state.resolve("roadmap.yaml"), """
                version: 2
                tasks:
                  - id: a
                    status: pending
                    dependencies: [ghost]
                  - id: a
                    status: pending
                """);
        List<Finding> warnings = new StateDirectoryCheck(state).run().stream()
                .filter(f -> f.check().equals("roadmap entry")).toList();
        assertThat(warnings).isNotEmpty().allSatisfy(f -> {
            assertThat(f.status()).isEqualTo(Verdict.WARN);
            assertThat(f.detail()).containsPattern("roadmap\\.yaml:\\d+: ");
        });
        assertThat(warnings).anySatisfy(f -> {
            assertThat(f.detail()).endsWith("roadmap.yaml:3: task a: depends on unknown task ghost");
            assertThat(f.fix()).startsWith("fix the id or remove the dependency (");
        });
    }

    @Test
    void missingContext_andUnreadableEventLines_warn() throws IOException {
        goodState(state);
        Files.delete(state.resolve("context.md"));
        Files.writeString(state.resolve("events.jsonl"), "not json\n");
        List<Finding> findings = new StateDirectoryCheck(state).run();
        assertThat(only(findings, "context.md").status()).isEqualTo(Verdict.WARN);
        Finding line = only(findings, "events.jsonl line");
        assertThat(line.status()).isEqualTo(Verdict.WARN);
        assertThat(line.detail()).contains("events.jsonl:1:");
    }

    @Test
    void lockDirectoryOpenToOthers_warns() throws IOException {
        goodState(state);
        Path locks = Files.createDirectory(state.resolve("locks"));
        Files.setPosixFilePermissions(locks, PosixFilePermissions.fromString("rwxr-xr-x"));
        Finding permissions = only(new StateDirectoryCheck(state).run(), "locks/ permissions");
        assertThat(permissions.status()).isEqualTo(Verdict.WARN);
        assertThat(permissions.fix()).isEqualTo("chmod 700 " + locks);
    }
}
