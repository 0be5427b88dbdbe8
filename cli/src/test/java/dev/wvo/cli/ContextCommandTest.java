package dev.wvo.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContextCommandTest {

    @TempDir
    Path dir;

    @Test
    void merge_twoEditsOfOneBase_keepsBoth_andExitsZero() throws Exception {
        Path base = Files.writeString(dir.resolve("base.md"), "# C\n\n## Recent Updates\n- 2026-11-01: start\n\n## Plan\nstep one\nunchanged\nstep two\n");
        Path a = Files.writeString(dir.resolve("a.md"), "# C\n\n## Recent Updates\n- 2026-11-02: from a\n- 2026-11-01: start\n\n## Plan\nstep one (a)\nunchanged\nstep two\n");
        Path b = Files.writeString(dir.resolve("b.md"), "# C\n\n## Recent Updates\n- 2026-11-03: from b\n- 2026-11-01: start\n\n## Plan\nstep one\nunchanged\nstep two (b)\n");
        Cli.Result r = Cli.run(Map.of(), "context", "merge", "--base", base.toString(), a.toString(), b.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("- 2026-11-03: from b\n- 2026-11-02: from a\n- 2026-11-01: start",
                "step one (a)\nunchanged\nstep two (b)");
    }

    @Test
    void merge_overlappingEdits_exitOneAndNameTheSection() throws Exception {
        Path base = Files.writeString(dir.resolve("base.md"), "## Plan\nstep one\n");
        Path a = Files.writeString(dir.resolve("a.md"), "## Plan\nstep uno\n");
        Path b = Files.writeString(dir.resolve("b.md"), "## Plan\nstep eins\n");
        Cli.Result r = Cli.run(Map.of(), "context", "merge", "--base", base.toString(), a.toString(), b.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("conflicts in 1 section(s): Plan");
        assertThat(r.out()).contains("<<<<<<<", ">>>>>>>");
    }

    @Test
    void add_thenShow_putsTheEntryInItsSection() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("context.md"), "# Shared context\n\n## Recent Updates\n\n## Notes\nkeep\n");
        Cli.Result add = Cli.run(Map.of(), "--state", state.toString(), "context", "add", "--section", "Recent Updates",
                "T1", "is", "done");
        assertThat(add.exitCode()).as(add.err()).isZero();
        Cli.Result show = Cli.run(Map.of(), "--state", state.toString(), "context", "show", "--section", "Recent Updates");
        assertThat(show.out()).startsWith("## Recent Updates").contains("T1 is done");
        assertThat(Files.readString(state.resolve("context.md"))).contains("## Notes\nkeep");
    }

    @Test
    void add_toASectionThatIsNoUpdateLog_isAUsageError() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Files.writeString(state.resolve("context.md"), "## Notes\nkeep\n");
        Cli.Result r = Cli.run(Map.of(), "--state", state.toString(), "context", "add", "--section", "Notes", "x");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("not an update-log section");
    }

    @Test
    void show_withoutAState_saysHowToCreateOne() {
        Cli.Result r = Cli.run(Map.of(), "--state", dir.resolve("none").toString(), "context", "show");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("wvo init");
    }
}
