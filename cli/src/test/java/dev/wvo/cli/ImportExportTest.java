package dev.wvo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code wvo import} and {@code wvo export} on small, realistic exports (test resources
 * {@code sources/}): a beads export of an epic with its children, ralph-tui's prd.json, and
 * {@code gh issue list --json}. Each test has a state of its own; every run is in process.
 */
class ImportExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path state;
    private Path beads;
    private Path prd;
    private Path github;

    @BeforeEach
    void init() throws IOException {
        state = dir.resolve("state");
        assertThat(Cli.inState(state, "init").exitCode()).isZero();
        beads = copy("issues.jsonl");
        prd = copy("prd.json");
        github = copy("gh-issues.json");
    }

    private Path copy(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sources/" + name)) {
            Path target = dir.resolve(name);
            Files.copy(in, target);
            return target;
        }
    }

    private Cli.Result ok(String... args) {
        Cli.Result r = Cli.inState(state, args);
        assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
        return r;
    }

    private JsonNode task(String id) throws IOException {
        return JSON.readTree(ok("task", "show", id, "--json").out());
    }

    private byte[] roadmap() throws IOException {
        return Files.readAllBytes(state.resolve("roadmap.yaml"));
    }

    @Test
    void aBeadsExportAndAPrd_importedTwice_giveTheSameRoadmapByteForByte() throws IOException {
        Cli.Result first = ok("import", "beads", beads.toString());
        ok("import", "prd", prd.toString());
        byte[] once = roadmap();

        Cli.Result again = ok("import", "beads", beads.toString());
        ok("import", "prd", prd.toString());

        assertThat(roadmap()).isEqualTo(once);
        assertThat(first.out()).contains("added 5 (acme-2, acme-3, acme-4, acme-5, acme-7), updated 0, 0 unchanged",
                "note: acme-1 is an epic: not a task; its children carry epic: acme-1",
                "note: acme-6 is tombstone: not work, not imported");
        assertThat(again.out()).contains("added 0, updated 0, 5 unchanged");
        String yaml = new String(once, StandardCharsets.UTF_8);
        assertThat(yaml).contains("source: beads:acme-3", "source: prd:Task Priority/US-002");
        JsonNode signup = task("acme-3");
        assertThat(signup.path("status").asText()).isEqualTo("pending");
        assertThat(signup.path("dependencies")).extracting(JsonNode::asText).containsExactly("acme-2");
        assertThat(signup.path("priority").asInt()).isEqualTo(4);
        assertThat(signup.path("epic").asText()).isEqualTo("acme-1");
        assertThat(task("acme-2").path("status").asText()).isEqualTo("done");
        assertThat(task("acme-5").path("status").asText()).isEqualTo("blocked");
        assertThat(task("acme-4").path("dependencies")).extracting(JsonNode::asText).containsExactly("acme-3");
        assertThat(yaml).contains("- migration runs up and down", "- unique index on lower(email)");
        JsonNode story = task("US-003");
        assertThat(story.path("status").asText()).isEqualTo("pending");
        assertThat(story.path("priority").asInt()).isEqualTo(2);
        assertThat(story.path("dependencies")).extracting(JsonNode::asText).containsExactly("US-001", "US-002");
        assertThat(task("US-001").path("status").asText()).isEqualTo("done");
    }

    @Test
    void aReimport_updatesWhatTheSourceChanged_andNeverTakesBackWhatWvoDid() throws IOException {
        ok("import", "beads", beads.toString());
        ok("task", "add", "mine", "--title", "A task of wvo's own");
        setStatus("acme-7", "done");
        Files.writeString(beads, Files.readString(beads)
                .replace("\"title\":\"Password reset mail\"", "\"title\":\"Password reset mail with expiry\"")
                .replace("\"status\":\"in_progress\"", "\"status\":\"closed\""));

        Cli.Result again = ok("import", "beads", beads.toString());

        assertThat(again.out()).contains("updated 2 (acme-3, acme-4), 3 unchanged",
                "note: acme-7 stays done (wvo's), though beads:acme-7 says pending");
        assertThat(task("acme-4").path("title").asText()).isEqualTo("Password reset mail with expiry");
        assertThat(task("acme-3").path("status").asText()).as("pending in wvo: follows the source").isEqualTo("done");
        assertThat(task("acme-7").path("status").asText()).as("done in wvo, blocked in beads").isEqualTo("done");
        assertThat(task("mine").path("title").asText()).isEqualTo("A task of wvo's own");
    }

    /** Sets a task's status in roadmap.yaml, as a person editing the file (or a worker finishing it) would. */
    private void setStatus(String id, String status) throws IOException {
        Path file = state.resolve("roadmap.yaml");
        String yaml = Files.readString(file);
        int at = yaml.indexOf("id: " + id + "\n");
        int field = yaml.indexOf("status: ", at);
        int end = yaml.indexOf('\n', field);
        Files.writeString(file, yaml.substring(0, field) + "status: " + status + yaml.substring(end));
    }

    @Test
    void badRecords_areEachNamedWithTheirLine_andNothingIsWritten() throws IOException {
        List<String> lines = Files.readAllLines(beads);
        lines.set(2, lines.get(2).replace("\"priority\":0", "\"priority\":\"urgent\""));
        lines.set(4, lines.get(4).replace("\"status\":\"deferred\"", "\"status\":\"someday\""));
        lines.add("{\"id\":\"acme-9\",\"title\":");
        Files.write(beads, lines);
        byte[] before = roadmap();

        Cli.Result bad = Cli.inState(state, "import", "beads", beads.toString());

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).contains(
                beads + ":3: priority must be a whole number; fix the record",
                beads + ":5: issue acme-5 has status 'someday', which is not one of beads'",
                beads + ":8:24: not valid JSON: Unexpected end-of-input",
                "nothing imported; fix these 3 records and import again");
        assertThat(bad.err()).doesNotContain("Exception", "\tat ", "Source:", "REDACTED", "StreamReadFeature");
        assertThat(roadmap()).isEqualTo(before);
        Path cut = dir.resolve("cut.json");
        Files.writeString(cut, "{\"userStories\": [\n  {\"id\": \"US-1\",\n");
        Cli.Result unclosed = Cli.inState(state, "import", "prd", cut.toString());
        assertThat(unclosed.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(unclosed.err()).containsPattern(cut + ":3:\\d+: not valid JSON: Unexpected end-of-input")
                .doesNotContain("Source:", "REDACTED", "StreamReadFeature");

        Files.writeString(prd, Files.readString(prd).replace("\"passes\": false,\n      \"notes\": \"\",\n      "
                + "\"dependsOn\": [\"US-001\"]", "\"notes\": \"\",\n      \"dependsOn\": [\"US-001\"]"));
        Cli.Result noPasses = Cli.inState(state, "import", "prd", prd.toString());
        assertThat(noPasses.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(noPasses.err()).contains(prd + ":20: story US-002 has no \"passes\" (true or false)");
        assertThat(roadmap()).isEqualTo(before);
    }

    @Test
    void unknownDependencies_selfDependencies_andCycles_areNamedWithTheirLine_andNothingIsWritten() throws IOException {
        byte[] before = roadmap();
        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, """
                {"id":"x-1","title":"One","status":"open","priority":2,"issue_type":"task"}
                {"id":"x-2","title":"Two","status":"open","priority":2,"issue_type":"task","dependencies":[{"issue_id":"x-2","depends_on_id":"x-9","type":"blocks"}]}
                {"id":"x-3","title":"Three","status":"open","priority":2,"issue_type":"task","dependencies":[{"issue_id":"x-3","depends_on_id":"x-3","type":"blocks"}]}
                """);

        Cli.Result bad = Cli.inState(state, "import", "beads", unknown.toString());

        assertThat(bad.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).contains(unknown + ":2: x-2 depends on x-9, which is neither in this file nor in the roadmap",
                unknown + ":3: x-3 depends on itself");
        assertThat(roadmap()).isEqualTo(before);

        Files.writeString(prd, Files.readString(prd).replace("\"dependsOn\": []", "\"dependsOn\": [\"US-003\"]"));
        Cli.Result cycle = Cli.inState(state, "import", "prd", prd.toString());
        assertThat(cycle.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(cycle.err()).contains(prd + ":6: dependency cycle US-001 -> US-003 -> US-001");
        assertThat(roadmap()).isEqualTo(before);

        ok("task", "add", "own", "--title", "Our own task");
        Files.writeString(prd, Files.readString(prd).replace("\"dependsOn\": [\"US-003\"]", "\"dependsOn\": [\"own\"]"));
        ok("import", "prd", prd.toString());
        JsonNode exported = JSON.readTree(ok("export", "prd").out());
        assertThat(exported.path("userStories").get(0).path("dependsOn")).as("a task not imported is kept by its id")
                .extracting(JsonNode::asText).containsExactly("own");
    }

    @Test
    void anIdTakenByATaskNotImported_isRefused_untilAPrefixSeparatesThem() throws IOException {
        ok("task", "add", "US-002", "--title", "Our own US-002");
        byte[] before = roadmap();

        Cli.Result clash = Cli.inState(state, "import", "prd", prd.toString());

        assertThat(clash.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(clash.err()).contains(prd + ":20: the task id US-002 is taken by the roadmap's task at line");
        assertThat(roadmap()).isEqualTo(before);
        ok("import", "prd", prd.toString(), "--id-prefix", "prio-");
        assertThat(task("prio-US-003").path("dependencies")).extracting(JsonNode::asText)
                .containsExactly("prio-US-001", "prio-US-002");
    }

    @Test
    void githubIssues_importWithTheirStateAndALabelsPriority() throws IOException {
        Cli.Result dry = ok("import", "github", github.toString(), "--dry-run");
        assertThat(dry.out()).contains("Dry run, nothing written", "would add 2 (gh-41, gh-38)");
        assertThat(ok("task", "list", "--json").out()).doesNotContain("gh-41");

        ok("import", "github", github.toString());

        JsonNode bug = task("gh-41");
        assertThat(bug.path("status").asText()).isEqualTo("pending");
        assertThat(bug.path("priority").asInt()).isEqualTo(3);
        assertThat(bug.path("fields").path("description").asText()).startsWith("Clicking Save twice");
        assertThat(task("gh-38").path("status").asText()).isEqualTo("done");
        assertThat(Files.readString(state.resolve("roadmap.yaml"))).contains("source: github:41");
        Cli.Result nothingToExport = Cli.inState(state, "export", "beads");
        assertThat(nothingToExport.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(nothingToExport.err()).contains("no task of the roadmap was imported from beads");
        byte[] prdBefore = Files.readAllBytes(prd);
        Cli.Result notImported = Cli.inState(state, "export", "prd", prd.toString());
        assertThat(notImported.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(notImported.err()).contains("no record of " + prd + " was imported into this roadmap");
        assertThat(Files.readAllBytes(prd)).isEqualTo(prdBefore);
    }

    @Test
    void export_writesStatusesBackInPlace_touchingOnlyTheRecordsThatChanged() throws IOException {
        ok("import", "beads", beads.toString());
        ok("import", "prd", prd.toString());
        List<String> beadsBefore = Files.readAllLines(beads);
        String prdBefore = Files.readString(prd);
        setStatus("acme-4", "done");
        setStatus("US-002", "done");

        Cli.Result toBeads = ok("export", "beads", beads.toString());
        Cli.Result toPrd = ok("export", "prd", prd.toString());

        assertThat(toBeads.out()).contains("wrote 1 status back into " + beads);
        List<String> beadsAfter = Files.readAllLines(beads);
        for (int i = 0; i < beadsBefore.size(); i++) {
            if (i != 3) {
                assertThat(beadsAfter.get(i)).isEqualTo(beadsBefore.get(i));
            }
        }
        JsonNode reset = JSON.readTree(beadsAfter.get(3));
        assertThat(reset.path("status").asText()).isEqualTo("closed");
        assertThat(reset.path("closed_at").asText()).isNotBlank();
        assertThat(toPrd.out()).contains("wrote 1 status back into " + prd);
        assertThat(Files.readString(prd)).isEqualTo(prdBefore.replaceFirst("\"passes\": false", "\"passes\": true"));
        assertThat(ok("export", "prd", prd.toString()).out()).contains("is up to date with the roadmap");

        Cli.Result fresh = ok("export", "prd");
        JsonNode generated = JSON.readTree(fresh.out());
        assertThat(generated.path("name").asText()).isEqualTo("Task Priority");
        assertThat(generated.path("userStories").findValuesAsText("id")).containsExactly("US-001", "US-002", "US-003");
        assertThat(generated.path("userStories").get(2).path("dependsOn")).extracting(JsonNode::asText)
                .containsExactly("US-001", "US-002");
        List<String> generatedBeads = ok("export", "beads").out().lines().toList();
        assertThat(generatedBeads).hasSize(5);
        assertThat(JSON.readTree(generatedBeads.get(1)).path("dependencies").get(0).path("depends_on_id").asText())
                .isEqualTo("acme-2");
    }
}
