package dev.wvo.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptTemplateTest {

    @Test
    void render_replacesEveryPlaceholder_spacesInsideBracesAllowed() {
        PromptTemplate t = PromptTemplate.parse("{{task.id}}: {{ task.title }}\nStage {{stage.number}}/{{stage.count}} "
                + "{{stage.name}}\n{{previous}}");
        String out = t.render(Map.of("task.id", "T1", "task.title", "Login", "stage.number", "2", "stage.count", "4",
                "stage.name", "write_tests", "previous", "- implement (done): wrote it"));
        assertThat(out).isEqualTo("T1: Login\nStage 2/4 write_tests\n- implement (done): wrote it");
    }

    @Test
    void render_takesValuesLiterally_andMissingOnesAreEmpty() {
        PromptTemplate t = PromptTemplate.parse("[{{task.description}}] [{{context}}]");
        assertThat(t.render(Map.of("task.description", "costs $5 \\ {{worker}}"))).isEqualTo("[costs $5 \\ {{worker}}] []");
    }

    @Test
    void textWithoutPlaceholders_andSingleBraces_staysAsWritten() {
        assertThat(PromptTemplate.parse("use {a} and } {").render(Map.of())).isEqualTo("use {a} and } {");
    }

    @Test
    void unknownPlaceholders_areRejectedWithTheKnownOnes() {
        assertThatThrownBy(() -> PromptTemplate.parse("{{title}} and {{task.exit}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("uses unknown placeholders {{task.exit}}, {{title}}; known: {{attempt}}, {{context}}");
    }

    @Test
    void bullets_makeOneListLinePerItem() {
        assertThat(PromptTemplate.bullets(List.of("tests pass", " docs updated "))).isEqualTo("- tests pass\n- docs updated");
    }
}
