package dev.wvo.doctor;

import dev.wvo.roadmap.RoadmapReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AttentionCheckTest {

    @TempDir
    Path state;

    private List<Finding> check(String roadmap) throws Exception {
        Path file = state.resolve("roadmap.yaml");
        Files.writeString(file, roadmap);
        return new AttentionCheck(state).run(Optional.of(RoadmapReader.read(file)));
    }

    @Test
    void aTaskWvoBlocked_isAWarningSayingWhereToLookAndHowToReset() throws Exception {
        List<Finding> findings = check("""
                version: 2
                tasks:
                  - id: T1
                    title: Parser
                    status: blocked
                    reactions: {merge_test_failed: 3}
                    result: {outcome: test_failed, summary: 'merge_test_failed 3 times'}
                """);

        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.status()).isEqualTo(Verdict.WARN);
            assertThat(f.check()).isEqualTo("needs attention T1");
            assertThat(f.detail()).contains("merge_test_failed 3 times").contains("merge_test_failed=3");
            assertThat(f.fix()).contains(state.resolve("artifacts").resolve("T1").toString())
                    .contains("wvo task reset T1");
        });
    }

    @Test
    void noBlockedTask_orOnlyOnesWrittenBlocked_isOk() throws Exception {
        List<Finding> findings = check("""
                version: 2
                tasks:
                  - id: T1
                    title: Parser
                    status: blocked
                """);

        assertThat(findings).singleElement().extracting(Finding::status).isEqualTo(Verdict.OK);
        assertThat(new AttentionCheck(state).run(Optional.empty())).extracting(Finding::status)
                .containsExactly(Verdict.OK);
    }
}
