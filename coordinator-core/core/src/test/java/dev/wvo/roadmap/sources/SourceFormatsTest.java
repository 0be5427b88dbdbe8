package dev.wvo.roadmap.sources;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The three formats' readers on the mistakes real files have, each said with its line and what to do. */
class SourceFormatsTest {

    @TempDir
    Path dir;

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void beads_aLineThatIsNotAnIssue_andAWrongTypeInsideAList_areNamedByLine() throws IOException {
        Path f = file("issues.jsonl", """
                {"id":"a-1","title":"One","status":"open"}
                [1, 2]

                {"id":"a-2","title":"Two","dependencies":[{"depends_on_id":["a-1"],"type":"blocks"}]}
                {"id":"a-1","title":"One again"}
                """);

        SourceFileException e = catchThrowableOfType(() -> BeadsFormat.read(f, ""), SourceFileException.class);

        assertThat(e.problems()).extracting(SourceProblem::toString).containsExactly(
                f + ":2: not an issue: each line of a beads export is one JSON object; export again with `bd export -o FILE`",
                f + ":4: dependencies[0].depends_on_id must be a string; fix the record",
                f + ":5: issue a-1 again (also at line 1); an export has each issue once: keep one of them");
    }

    @Test
    void prd_withoutNameOrStories_saysWhatRalphTuiNeeds() throws IOException {
        Path noName = file("prd.json", "{\"userStories\": []}");
        Path tasks = file("tasks.json", "{\"name\": \"x\", \"tasks\": []}");

        assertThatThrownBy(() -> PrdFormat.read(noName, "")).hasMessageContaining("no \"name\" (or \"project\")");
        assertThatThrownBy(() -> PrdFormat.read(tasks, "")).hasMessageContaining("no \"userStories\" list");
        assertThat(PrdFormat.read(file("p.json", "{\"project\": \"P\", \"userStories\": [{\"id\": \"US-1\", "
                + "\"title\": \"T\", \"passes\": false, \"priority\": 9}]}"), "").tasks())
                .singleElement().satisfies(t -> {
                    assertThat(t.source()).isEqualTo("prd:P/US-1");
                    assertThat(t.priority()).isZero();
                });
    }

    @Test
    void github_malformedJson_isNamedWithItsLine_andLabelsNameAPriority() throws IOException {
        Path broken = file("gh.json", "[\n  {\"number\": 1, \"title\": \"x\"},\n  {\"number\": 2,,}\n]");

        SourceFileException e = catchThrowableOfType(() -> GithubFormat.read(broken, "gh-"), SourceFileException.class);

        assertThat(e.problems()).singleElement().extracting(SourceProblem::line).isEqualTo(3);
        assertThat(e.getMessage()).contains("not valid JSON");
        assertThat(GithubFormat.priorityOf("Priority: Critical")).contains(4);
        assertThat(GithubFormat.priorityOf("priority/low")).contains(1);
        assertThat(GithubFormat.priorityOf("P2")).contains(2);
        assertThat(GithubFormat.priorityOf("bug")).isEmpty();
    }

    @Test
    void aMissingFile_isOneProblemAtItsFirstLine() {
        Path missing = dir.resolve("nope.jsonl");

        assertThatThrownBy(() -> BeadsFormat.read(missing, "")).isInstanceOf(SourceFileException.class)
                .hasMessage(missing + ":1: no such file; give the path of the export to import");
    }
}
