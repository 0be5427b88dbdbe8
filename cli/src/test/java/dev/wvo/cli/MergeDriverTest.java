package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code wvo merge-driver} against git's contract: result in OURS, 0 when clean, 1 when a conflict remains. */
class MergeDriverTest {

    @TempDir
    Path dir;

    @Test
    void eventsWithLinesThatAreNotEventsMergeCleanlyAndReportThem() throws Exception {
        String e1 = "{\"time\":\"2026-11-22T10:00:00Z\",\"type\":\"x\"}";
        String e2 = "{\"time\":\"2026-11-22T09:00:00Z\",\"type\":\"y\"}";
        Cli.Result result = driver("events", "", e1 + "\ngarbage\n", e2 + "\n");

        assertThat(result.exitCode()).isZero();
        assertThat(result.err()).contains("state/events.jsonl: kept a line that is not an event, at the end: garbage");
        assertThat(Files.readString(dir.resolve("ours"))).isEqualTo(e2 + "\n" + e1 + "\ngarbage\n");
    }

    @Test
    void overlappingContextEditsKeepMarkersInTheirSectionAndExitOne() throws Exception {
        String base = "## Notes\nplain\n\n## Other\nsame\n";
        Cli.Result result = driver("context", base, base.replace("plain", "ours says"),
                base.replace("plain", "theirs says").replace("same", "changed"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("section 'Notes'");
        String merged = Files.readString(dir.resolve("ours"));
        assertThat(merged).contains("<<<<<<< ours", "ours says", "theirs says", ">>>>>>> theirs", "changed");
        assertThat(merged.substring(merged.indexOf("## Other"))).doesNotContain("<<<<<<<");
    }

    @Test
    void aRoadmapThatIsNotYamlIsLeftAsOursAndReported() throws Exception {
        String good = "version: 2\ntasks:\n  - id: a\n";
        Cli.Result result = driver("roadmap", good, good, "tasks: [unclosed\n");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("cannot merge by meaning", "our version is left in place");
        assertThat(Files.readString(dir.resolve("ours"))).isEqualTo(good);
    }

    /** Their side changes a task whose key wvo cannot edit in place: ours stays, and the file is reported. */
    @Test
    void aRoadmapChangeOfATaskWithAnExplicitKeyIsLeftAsOursAndReported() throws Exception {
        String base = "version: 2\ntasks:\n  - id: a\n    ? status\n    : pending\n";
        Cli.Result result = driver("roadmap", base, base, base.replace(": pending", ": done"));

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("cannot merge by meaning", "explicit key", "our version is left in place");
        assertThat(Files.readString(dir.resolve("ours"))).isEqualTo(base);
    }

    @Test
    void anUnknownKindIsAUsageError() throws Exception {
        Cli.Result result = driver("pictures", "", "", "");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    private Cli.Result driver(String kind, String base, String ours, String theirs) throws Exception {
        Files.writeString(dir.resolve("base"), base);
        Files.writeString(dir.resolve("ours"), ours);
        Files.writeString(dir.resolve("theirs"), theirs);
        String path = "state/" + switch (kind) {
            case "roadmap" -> "roadmap.yaml";
            case "context" -> "context.md";
            default -> "events.jsonl";
        };
        return Cli.run(Map.of(), "merge-driver", kind, dir.resolve("base").toString(), dir.resolve("ours").toString(),
                dir.resolve("theirs").toString(), path);
    }
}
