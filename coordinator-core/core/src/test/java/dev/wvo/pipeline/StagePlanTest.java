package dev.wvo.pipeline;

import dev.wvo.config.PipelineException;
import dev.wvo.config.StageDefinition;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StagePlanTest {

    private static final List<StageDefinition> STAGES = List.of(stage("implement"), stage("write_tests"), stage("document"));

    private static StageDefinition stage(String name) {
        return new StageDefinition(name, null, null, null, "config.yaml:1:1");
    }

    @Test
    void aNewTask_startsAtTheFirstStage_withEveryStagePending() {
        StagePlan plan = StagePlan.of(STAGES, Map.of(), "r.yaml:3");
        assertThat(plan.start()).isZero();
        assertThat(plan.fieldsAtStart()).containsEntry("stage", "implement")
                .containsEntry("stages", Map.of("implement", "pending", "write_tests", "pending", "document", "pending"));
        assertThat(plan.label(0)).isEqualTo("implement 1/3");
        assertThat(StageProgress.of(plan.fieldsAtStart())).contains(new StageProgress("implement", 1, 3));
    }

    @Test
    void aResumedTask_startsAtItsRecordedStage_andKeepsEarlierOutcomes() {
        Map<String, Object> done = Map.of("outcome", "done", "summary", "wrote Login.java");
        Map<String, Object> stages = new LinkedHashMap<>();
        stages.put("implement", done);
        stages.put("write_tests", Map.of("outcome", "failed", "summary", "exit 1"));
        stages.put("document", "pending");
        StagePlan plan = StagePlan.of(STAGES, Map.of("stage", "write_tests", "stages", stages), "r.yaml:3");
        assertThat(plan.start()).isEqualTo(1);
        assertThat(plan.previousReports(1)).isEqualTo("- implement (done): wrote Login.java");
        assertThat(StageProgress.of(plan.fieldsAtStart()).orElseThrow().label()).isEqualTo("write_tests 2/3");
    }

    @Test
    void finish_movesOnAfterSuccess_staysAfterFailure_andStaysAtTheLastStage() {
        StagePlan plan = StagePlan.of(STAGES, Map.of(), "r.yaml:3");
        assertThat(plan.finish(0, false, Map.of("outcome", "failed"))).containsEntry("stage", "implement");
        Map<String, Object> after = plan.finish(0, true, Map.of("outcome", "done", "summary", "ok"));
        assertThat(after).containsEntry("stage", "write_tests");
        assertThat(after.get("stages")).isEqualTo(Map.of("implement", Map.of("outcome", "done", "summary", "ok"),
                "write_tests", "pending", "document", "pending"));
        plan.finish(1, true, Map.of("outcome", "done"));
        assertThat(plan.finish(2, true, Map.of("outcome", "done"))).containsEntry("stage", "document");
        assertThat(plan.previousReports(2)).isEqualTo("- implement (done): ok\n- write_tests (done)");
    }

    @Test
    void aRecordedStageOutsideThePipeline_isAnErrorNamingTheTask() {
        assertThatThrownBy(() -> StagePlan.of(STAGES, Map.of("stage", "deploy"), "state/roadmap.yaml:12"))
                .isInstanceOf(PipelineException.class)
                .hasMessage("state/roadmap.yaml:12: its `stage: deploy` is not a stage of its pipeline [implement, "
                        + "write_tests, document]; set `stage:` to one of them, or remove `stage:` and `stages:` to start "
                        + "from implement");
    }

    @Test
    void progress_withoutAStagesMap_showsTheNameAlone() {
        assertThat(StageProgress.of(Map.of("stage", "review")).orElseThrow().label()).isEqualTo("review");
        assertThat(StageProgress.of(Map.of("title", "x"))).isEmpty();
    }
}
